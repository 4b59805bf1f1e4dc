import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { ormConfig } from '../../src/database/mikro-orm.config';

let orm: MikroORM;
beforeAll(async () => {
  orm = await MikroORM.init(ormConfig(loadEnv(), { pool: { min: 0, max: 1 }, logger: () => undefined }));
});
afterAll(() => orm?.close(true));

describe('entities', () => {
  // The migrations are the schema; the entities describe it. Any drift (a column, type, default, key,
  // foreign key, check or index that differs, or a table without an entity) makes this diff non-empty.
  it('match the migrated database: MikroORM finds nothing to change', async () => {
    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
