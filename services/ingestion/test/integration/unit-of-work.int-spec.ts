import { inUnitOfWork } from '@emissions/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { ormConfig } from '../../src/database/mikro-orm.config';
import { preparedStatement } from '../../src/database/prepared-statement';
import { sql } from '../../src/database/sql-fragment';

// One connection: a unit of work that failed to give its connection back would stall every later one here.
let orm: MikroORM;
beforeAll(async () => {
  orm = await MikroORM.init(ormConfig(loadEnv(), { pool: { min: 1, max: 1, acquireTimeoutMillis: 2000 }, logger: () => undefined }));
  await orm.em.fork().execute('CREATE TEMP TABLE uow_probe (n int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED)');
});
afterAll(() => orm?.close(true));

const count = async () => (await orm.em.fork().execute<{ n: number }[]>('SELECT count(*)::int AS n FROM uow_probe'))[0].n;

describe('inUnitOfWork', () => {
  it('commits what the work wrote, through em.execute and prepared statements alike, on one transaction', async () => {
    const seen = await inUnitOfWork(orm.em.fork(), async (em) => {
      await em.execute('INSERT INTO uow_probe VALUES (1)');
      await preparedStatement(em, sql`INSERT INTO uow_probe VALUES (${2}::int)`);
      const [{ txid }] = await em.execute<{ txid: string }[]>('SELECT txid_current_if_assigned()::text AS txid');
      return txid;
    });
    expect(seen).not.toBeNull();
    expect(await count()).toBe(2);
  });

  it("rolls back and rethrows the work's error, and gives the connection back each time", async () => {
    for (let i = 0; i < 5; i++) {
      await expect(
        inUnitOfWork(orm.em.fork(), async (em) => {
          await preparedStatement(em, sql`INSERT INTO uow_probe VALUES (${100 + i}::int)`);
          throw new Error(`refused ${i}`);
        }),
      ).rejects.toThrow(`refused ${i}`);
    }
    expect(await count()).toBe(2);
  });

  it('a COMMIT that fails (a deferred unique key) leaves nothing behind and rejects with its own error', async () => {
    await expect(
      inUnitOfWork(orm.em.fork(), async (em) => {
        await em.execute('INSERT INTO uow_probe VALUES (7), (7)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(2);
    await inUnitOfWork(orm.em.fork(), (em) => em.execute('INSERT INTO uow_probe VALUES (8)'));
    expect(await count()).toBe(3);
  });
});
