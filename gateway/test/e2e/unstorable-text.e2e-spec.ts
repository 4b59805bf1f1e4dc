import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoursAgo, useContractStack } from '../support/contract.stack';
import { expectProblem } from '../support/http';

// NUL and unpaired surrogates used to pass validation and fail in PostgreSQL (500). They are refused by the shared
// schemas: 400 validation_failed naming the field, and nothing is written.
const BAD = { nul: 'a\u0000b', 'high surrogate': 'x\ud800', 'low surrogate': '\udc00y' };

describe('strings PostgreSQL cannot store (gateway + services)', () => {
  const stack = useContractStack();
  const { post, newSite } = stack;
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: stack.service().database.url });
    await db.connect();
  });
  afterAll(() => db?.end());
  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params)).rows[0].n;
  const fieldCodes = (body: Record<string, unknown>) => (body.errors as { path: string; code: string }[]).map((e) => [e.path, e.code]);

  for (const [label, bad] of Object.entries(BAD)) {
    it(`ingest refuses a sensor_id with a ${label} (v1 and v2) and stores no reading`, async () => {
      const site = await newSite();
      const v1 = await post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: hoursAgo(1), value: '1', sensor_id: bad }] });
      expect(fieldCodes(expectProblem(v1, 'validation_failed'))).toEqual([['readings[0].sensor_id', 'invalid_characters']]);
      const v2 = await post(
        '/api/v2/ingest',
        { site_id: site.id, readings: [{ measured_at: hoursAgo(1), value: '1', unit: 'kg', sensor_id: bad }] },
        { 'idempotency-key': randomUUID() },
      );
      expect(fieldCodes(expectProblem(v2, 'validation_failed'))).toEqual([['readings[0].sensor_id', 'invalid_characters']]);
      expect(await count('SELECT count(*)::int AS n FROM measurements WHERE site_id = $1', [site.id])).toBe(0);
      expect(await count('SELECT count(*)::int AS n FROM ingestion_batches WHERE site_id = $1', [site.id])).toBe(0);
    });

    it(`sites refuses a name, a metadata key and a nested metadata value with a ${label} and creates no site`, async () => {
      const marker = randomUUID();
      const bodies = [
        { name: `${marker} ${bad}`, emission_limit: '10' },
        { name: marker, emission_limit: '10', metadata: { [`k${bad}`]: 1 } },
        { name: marker, emission_limit: '10', metadata: { a: [{ b: bad }] } },
      ];
      const paths = [];
      for (const body of bodies) paths.push(...fieldCodes(expectProblem(await post('/api/v1/sites', body), 'validation_failed')));
      expect(paths).toEqual([
        ['name', 'invalid_characters'],
        [`metadata.k${bad}`, 'invalid_characters'],
        ['metadata.a[0].b', 'invalid_characters'],
      ]);
      expect(await count('SELECT count(*)::int AS n FROM sites WHERE name LIKE $1', [`${marker}%`])).toBe(0);
    });
  }
});
