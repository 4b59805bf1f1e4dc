import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@emissions/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { ormConfig } from '../../src/database/mikro-orm.config';

// A database of its own: rolling migrations back must not disturb the other spec files.
let db: TestDatabase;
let orm: MikroORM;
let siteScopedDefinition: string[];
beforeAll(async () => {
  db = await createTestDatabase(process.env.DATABASE_URL ?? '', 'ingestion_migrations');
  orm = await MikroORM.init(ormConfig(loadEnv(), { clientUrl: db.url, pool: { min: 0, max: 2 }, logger: () => undefined }));
  await orm.getMigrator().up({ to: 'Migration20261127030000_site_scoped_keys' });
  siteScopedDefinition = await functionDefinitions();
  await orm.getMigrator().up({ to: CLIENT_SCOPED });
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

// The last migration that had the ingest command as a database function.
const CLIENT_SCOPED = 'Migration20261127050000_client_scoped_ledger';
const IN_TYPESCRIPT = 'Migration20261202020000_ingest_command_in_typescript';
const RATES = 'Migration20261202060000_rate_readings';
const COMPLIANCE = 'Migration20261202080000_compliance_settings';
const SENSOR_ROLLUP = 'Migration20261202100000_sensor_monthly_totals';
const FILLFACTOR = 'Migration20261203100000_rollup_fillfactor';
const SITE_GUARD = 'Migration20261203110000_readings_site_guard';
const DAYS = 'Migration20261206000000_rollup_days_with_data';
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(query, params);
const functionDefinitions = async () =>
  (await sql<{ def: string }>(`SELECT pg_get_functiondef(oid) AS def FROM pg_proc WHERE proname = 'ingest_batch'`)).map((r) => r.def);
const READINGS = JSON.stringify([{ i: 0, s: 'a', t: '2026-01-01T00:00:00Z', v: '2' }]);
const CLIENT_SCOPED_CALL = `SELECT ingest_batch(gen_random_uuid(), ?::uuid, ?::text, 'k'::text, false, 'fp'::text, 1::smallint, NULL::text,
  ?::jsonb, gen_random_uuid(), '2026-01-01T00:00:00Z'::text)->>'outcome' AS outcome`;
const SITE_SCOPED_CALL = `SELECT ingest_batch(gen_random_uuid(), ?::uuid, 'k'::text, false, 'fp'::text, 1::smallint, NULL::text,
  ?::jsonb, gen_random_uuid(), '2026-01-01T00:00:00Z'::text)->>'outcome' AS outcome`;

describe('ingestion migrations', () => {
  it('roll the client-scoped ledger and device keys back to the exact previous function and forward again, losing no batch', async () => {
    const site = randomUUID();
    const device = `device:${randomUUID()}`;
    await sql(`INSERT INTO sites (id, name, emission_limit) VALUES (?, 'Migrated site', 10)`, [site]);
    for (const client of ['operator', device]) {
      const [row] = await sql<{ outcome: string }>(CLIENT_SCOPED_CALL, [site, client, READINGS]);
      expect(row.outcome).toBe('created');
    }

    const migrator = orm.getMigrator();
    await migrator.down();
    await migrator.down();
    const batches = await sql<{ key: string }>('SELECT idempotency_key AS key FROM ingestion_batches WHERE site_id = ? ORDER BY 1', [site]);
    expect(batches).toEqual([{ key: `${device}:k` }, { key: 'k' }]);
    const [tables] = await sql<{ api_keys: string | null }>(`SELECT to_regclass('api_keys')::text AS api_keys`);
    expect(tables.api_keys).toBeNull();
    expect(await functionDefinitions()).toEqual(siteScopedDefinition);
    const [replayed] = await sql<{ outcome: string }>(SITE_SCOPED_CALL, [site, READINGS]);
    expect(replayed.outcome).toBe('replayed');

    await migrator.up({ to: CLIENT_SCOPED });
    const clients = await sql<{ client_id: string }>('SELECT DISTINCT client_id FROM ingestion_batches WHERE site_id = ?', [site]);
    expect(clients).toEqual([{ client_id: 'operator' }]);
    const [again] = await sql<{ outcome: string }>(CLIENT_SCOPED_CALL, [site, 'operator', READINGS]);
    expect(again.outcome).toBe('replayed');
    expect(await functionDefinitions()).toHaveLength(1);
  });

  it('drop the ingest_batch function once the command lives in the service, and reinstall it on the way down', async () => {
    const clientScopedDefinition = await functionDefinitions();
    const migrator = orm.getMigrator();
    await migrator.up({ to: IN_TYPESCRIPT });
    expect(await functionDefinitions()).toEqual([]);
    await migrator.down();
    expect(await functionDefinitions()).toEqual(clientScopedDefinition);
    await migrator.up({ to: IN_TYPESCRIPT });
    expect(await functionDefinitions()).toEqual([]);
  });

  it('add the nullable rate columns to every measurement partition and remove them on the way down', async () => {
    const migrator = orm.getMigrator();
    await migrator.up({ to: RATES });
    const rateColumns = async () =>
      Number(
        (
          await sql<{ n: string }>(
            `SELECT count(*)::text AS n FROM information_schema.columns WHERE table_name LIKE 'measurements%' AND column_name IN ('rate_kg_h', 'duration_s')`,
          )
        )[0].n,
      );
    const partitions = Number(
      (await sql<{ n: string }>(`SELECT count(*)::text AS n FROM pg_inherits WHERE inhparent = 'measurements'::regclass`))[0].n,
    );
    expect(await rateColumns()).toBe(2 * (partitions + 1));
    await migrator.down();
    expect(await rateColumns()).toBe(0);
    await migrator.up({ to: RATES });
    expect(await rateColumns()).toBe(2 * (partitions + 1));
  });

  it('give existing sites the UTC zone and default settings, and roll the compliance settings back and forward', async () => {
    const site = randomUUID();
    await sql(`INSERT INTO sites (id, name, emission_limit) VALUES (?, 'Before settings', 10)`, [site]);
    const migrator = orm.getMigrator();
    await migrator.up({ to: COMPLIANCE });
    const [settings] = await sql(
      'SELECT timezone, annual_limit, reporting_year_start_month, near_limit_pct::text AS pct, limit_revision FROM sites WHERE id = ?',
      [site],
    );
    expect(settings).toEqual({ timezone: 'UTC', annual_limit: null, reporting_year_start_month: 1, pct: '80.00', limit_revision: 0 });
    expect(await sql('SELECT name, factor::text AS factor FROM gwp_sets WHERE is_default')).toEqual([
      { name: 'AR6-fossil', factor: '29.800' },
    ]);
    await migrator.down();
    const [tables] = await sql<{ t: string | null }>(`SELECT to_regclass('site_changes')::text AS t`);
    expect(tables.t).toBeNull();
    await migrator.up({ to: COMPLIANCE });
    expect(await sql('SELECT count(*)::int AS n FROM gwp_sets')).toEqual([{ n: 6 }]);
  });

  it('backfill the per-sensor rollup from the stored readings, by local month of the site zone, and drop it on the way down', async () => {
    const site = randomUUID();
    await sql(`INSERT INTO sites (id, name, emission_limit, timezone) VALUES (?, 'Before sensor rollup', 10, 'America/Chicago')`, [site]);
    // 2026-03-01T05:59Z is still February in Chicago (UTC-6); 06:00Z is March.
    const readings: Array<[string, string, string]> = [
      ['2026-03-01T05:59:00Z', 'a', '1.5'],
      ['2026-03-01T06:00:00Z', 'a', '2'],
      ['2026-03-02T00:00:00Z', 'a', '0.25'],
      ['2026-02-10T00:00:00Z', 'b', '4'],
    ];
    for (const [t, s, v] of readings) {
      await sql('INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id) VALUES (?, ?, ?, ?, gen_random_uuid())', [
        site,
        t,
        s,
        v,
      ]);
    }
    const migrator = orm.getMigrator();
    await migrator.up({ to: SENSOR_ROLLUP });
    const rollup = () =>
      sql(
        `SELECT sensor_id, to_char(month, 'YYYY-MM') AS month, trim_scale(total)::text AS total, reading_count::int AS n,
           iso_utc(first_measured_at) AS first, iso_utc(last_measured_at) AS last
         FROM sensor_monthly_totals WHERE site_id = ? ORDER BY sensor_id, month`,
        [site],
      );
    const expected = [
      { sensor_id: 'a', month: '2026-02', total: '1.5', n: 1, first: '2026-03-01T05:59:00Z', last: '2026-03-01T05:59:00Z' },
      { sensor_id: 'a', month: '2026-03', total: '2.25', n: 2, first: '2026-03-01T06:00:00Z', last: '2026-03-02T00:00:00Z' },
      { sensor_id: 'b', month: '2026-02', total: '4', n: 1, first: '2026-02-10T00:00:00Z', last: '2026-02-10T00:00:00Z' },
    ];
    expect(await rollup()).toEqual(expected);
    await migrator.down();
    const [tables] = await sql<{ t: string | null }>(`SELECT to_regclass('sensor_monthly_totals')::text AS t`);
    expect(tables.t).toBeNull();
    await migrator.up();
    expect(await rollup()).toEqual(expected);
  });

  it("leave room on the rollups' pages for HOT updates, and give it back on the way down", async () => {
    const migrator = orm.getMigrator();
    await migrator.up();
    const fillfactors = () =>
      sql(`SELECT relname, reloptions FROM pg_class WHERE relname IN ('sensor_monthly_totals', 'site_monthly_totals') ORDER BY relname`);
    expect(await fillfactors()).toEqual([
      { relname: 'sensor_monthly_totals', reloptions: ['fillfactor=50'] },
      { relname: 'site_monthly_totals', reloptions: ['fillfactor=50'] },
    ]);
    await migrator.down({ to: FILLFACTOR });
    expect(await fillfactors()).toEqual([
      { relname: 'sensor_monthly_totals', reloptions: null },
      { relname: 'site_monthly_totals', reloptions: null },
    ]);
    await migrator.up();
  });

  it("check a reading's site per statement instead of by foreign key, and restore the key on the way down", async () => {
    const migrator = orm.getMigrator();
    await migrator.up();
    const keys = () =>
      sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'measurements'::regclass AND contype = 'f'`);
    const site = randomUUID();
    await sql(`INSERT INTO sites (id, name, emission_limit) VALUES (?, 'Guarded', 10)`, [site]);
    expect(await keys()).toEqual([{ n: 0 }]);
    const orphan = 'INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id) VALUES (?, now(), ?, 1, gen_random_uuid())';
    await expect(sql(orphan, [randomUUID(), 'x'])).rejects.toThrow(/does not exist/);
    await sql(orphan, [site, 'kept']);
    await expect(sql('UPDATE measurements SET site_id = ? WHERE site_id = ?', [randomUUID(), site])).rejects.toThrow(/does not exist/);
    await expect(sql('DELETE FROM sites WHERE id = ?', [site])).rejects.toThrow(/never deleted/);
    await expect(sql('UPDATE sites SET id = ? WHERE id = ?', [randomUUID(), site])).rejects.toThrow(/never deleted or given another id/);
    await migrator.down({ to: SITE_GUARD });
    expect(await keys()).toEqual([{ n: 1 }]);
    await expect(sql(orphan, [randomUUID(), 'y'])).rejects.toThrow(/foreign key/);
    await migrator.up();
    expect(await keys()).toEqual([{ n: 0 }]);
  });

  it("backfill each rollup month's local days with data from the stored readings, and drop them on the way down", async () => {
    const migrator = orm.getMigrator();
    await migrator.up();
    await migrator.down({ to: DAYS });
    const site = randomUUID();
    await sql(`INSERT INTO sites (id, name, emission_limit, timezone) VALUES (?, 'Before days', 10, 'America/Chicago')`, [site]);
    // 2026-03-01T05:59Z is February 28 in Chicago (bit 27); 06:00Z is March 1 (bit 0); March 31 is bit 30.
    const readings: Array<[string, string]> = [
      ['2026-03-01T05:59:00Z', '1'],
      ['2026-03-01T06:00:00Z', '2'],
      ['2026-03-01T07:00:00Z', '3'],
      ['2026-03-31T12:00:00Z', '4'],
    ];
    for (const [t, v] of readings) {
      await sql("INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id) VALUES (?, ?, 's', ?, gen_random_uuid())", [
        site,
        t,
        v,
      ]);
    }
    await sql(
      `INSERT INTO site_monthly_totals (site_id, month, total, reading_count) VALUES (?, '2026-02-01', 1, 1), (?, '2026-03-01', 9, 3)`,
      [site, site],
    );
    await migrator.up();
    const days = () =>
      sql(`SELECT to_char(month, 'YYYY-MM') AS month, days FROM site_monthly_totals WHERE site_id = ? ORDER BY month`, [site]);
    expect(await days()).toEqual([
      { month: '2026-02', days: 2 ** 27 },
      { month: '2026-03', days: 2 ** 0 + 2 ** 30 },
    ]);
    await expect(sql(`UPDATE site_monthly_totals SET days = -1 WHERE site_id = ?`, [site])).rejects.toThrow(
      /site_monthly_totals_days_check/,
    );
    await migrator.down({ to: DAYS });
    const [column] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'site_monthly_totals' AND column_name = 'days'`,
    );
    expect(column.n).toBe(0);
    await migrator.up();
    expect(await days()).toEqual([
      { month: '2026-02', days: 2 ** 27 },
      { month: '2026-03', days: 2 ** 0 + 2 ** 30 },
    ]);
  });
});
