import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { ormConfig } from '../../src/database/mikro-orm.config';
import { preparedStatement } from '../../src/database/prepared-statement';
import { sql } from '../../src/database/sql-fragment';

let orm: MikroORM;
beforeAll(async () => {
  orm = await MikroORM.init(ormConfig(loadEnv(), { pool: { min: 1, max: 1 }, logger: () => undefined }));
});
afterAll(() => orm?.close(true));

describe('preparedStatement', () => {
  it('returns the rows of a named statement, parsed once and run again with other values', async () => {
    const statement = (a: number) => sql`SELECT ${a}::int + ${35}::int AS answer`;
    expect(await preparedStatement(orm.em.fork(), statement(7))).toEqual([{ answer: 42 }]);
    expect(await preparedStatement(orm.em.fork(), statement(8))).toEqual([{ answer: 43 }]);
    const [{ n }] = await orm.em
      .fork()
      .execute<{ n: number }[]>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'r\\_%'");
    expect(n).toBe(1);
  });

  it("runs inside em.transactional on the transaction's connection: rolled back with it", async () => {
    const em = orm.em.fork();
    await em.execute('CREATE TEMP TABLE IF NOT EXISTS prepared_probe (n int)');
    await expect(
      em.transactional(async (tx) => {
        await preparedStatement(tx, sql`INSERT INTO prepared_probe VALUES (${1}::int)`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await em.execute('SELECT count(*)::int AS n FROM prepared_probe')).toEqual([{ n: 0 }]);
  });
});
