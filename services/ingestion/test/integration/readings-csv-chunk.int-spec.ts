import type { ExportedReading } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityManager } from '@mikro-orm/postgresql';
import { ReadingsCsvChunkHandler, readCsvChunk } from '../../src/reports/readings-csv-chunk.handler';
import { ReadingsPageHandler } from '../../src/reports/readings-page.handler';
import { type IngestionTestApp, startIngestionTestApp } from '../support/ingestion-test-app';

let app: IngestionTestApp;
let siteId: string;
const FROM = '2025-03-01T00:00:00Z';
const TO = '2025-03-02T00:00:00Z';

// Sensor ids that need quoting (comma, quote, CR, LF) or none (unicode, tab), timestamps with and without a
// fraction, masses with trailing zeros, rate readings: everything the JSON pages render must read the same.
const SENSORS = ['plain', 'with,comma', 'with "quotes"', 'cr\rlf\n', 'métane-ß', 'tab\there', '"'];
const TIMES = ['00:00:00', '00:00:00.5', '00:00:00.000001', '00:00:01.123456', '00:00:02.1', '12:30:59.99999', '23:59:59.999999'];

beforeAll(async () => {
  app = await startIngestionTestApp();
  siteId = (await app.newSite()).id;
  // Straight into the table (no ledger): the rendering of stored rows is under test here.
  for (const [i, time] of TIMES.entries()) {
    for (const [j, sensor] of SENSORS.entries()) {
      const rate = (i + j) % 3 === 0;
      await app.sql(
        `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id, rate_kg_h, duration_s)
         VALUES (?::uuid, ?::timestamptz, ?, ?::numeric, gen_random_uuid(), ?::numeric, ?::int)`,
        [
          siteId,
          `2025-03-01T${time}Z`,
          sensor,
          `${i * 7 + j}.${j}00000`,
          rate ? `1234567890123456.${j}00001` : null,
          rate ? 60 * (j + 1) : null,
        ],
      );
    }
  }
  // Outside [from, to): never exported.
  await app.sql(
    `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id) VALUES (?::uuid, ?::timestamptz, 'x', 1, gen_random_uuid()), (?::uuid, ?::timestamptz, 'x', 1, gen_random_uuid())`,
    [siteId, '2025-02-28T23:59:59.999999Z', siteId, TO],
  );
});
afterAll(async () => {
  // The rows bypassed the ledger: remove them, so files sharing the database still find every site's summary equal to its readings.
  await app.sql('DELETE FROM measurements WHERE site_id = ?::uuid', [siteId]);
  await app.close();
});

const chunk = (cursor: string | null, limit: number, id = siteId) =>
  app.moduleRef.get(ReadingsCsvChunkHandler).execute({ id, from: FROM, to: TO, cursor, limit });

/** RFC 4180 as the gateway wrote it from the JSON pages' rows. */
function csvLine(r: ExportedReading): string {
  const field = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[r.measured_at, r.sensor_id, r.mass_kg, r.rate_kg_h, r.duration_s, r.batch_id].map(field).join(',')}\r\n`;
}

async function everyRowAsJsonPagesRenderIt(): Promise<string> {
  const lines: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await app.moduleRef.get(ReadingsPageHandler).execute({ id: siteId, from: FROM, to: TO, cursor, limit: 10 });
    lines.push(...page.data.map(csvLine));
    cursor = page.next_cursor;
  } while (cursor);
  return lines.join('');
}

describe('readings CSV chunks', () => {
  const total = TIMES.length * SENSORS.length;

  it.each([1, 7, total - 1, total, total + 1, 20_000])(
    'give, in chunks of %i, the very text the JSON pages render, every row once and in order',
    async (limit) => {
      const expected = await everyRowAsJsonPagesRenderIt();
      expect(expected.split('\r\n').length).toBeGreaterThan(total);
      let text = '';
      let rows = 0;
      let calls = 0;
      let cursor: string | null = null;
      do {
        const c = await chunk(cursor, limit);
        calls++;
        expect(c.rows).toBeLessThanOrEqual(limit);
        // A chunk with room to spare is the last one.
        expect(c.next_cursor === null).toBe(c.rows < limit);
        text += c.csv;
        rows += c.rows;
        cursor = c.next_cursor;
      } while (cursor);
      expect(text).toBe(expected);
      expect(rows).toBe(total);
      expect(calls).toBe(Math.floor(total / limit) + 1);
    },
  );

  it('render decimals untouched and quote only what needs it', async () => {
    const { csv } = await chunk(null, 20_000);
    expect(csv).toContain('2025-03-01T00:00:00.000001Z,plain,14,');
    expect(csv).toContain(',"with ""quotes""",');
    expect(csv).toContain(',"cr\rlf\n",');
    expect(csv).toContain(',1234567890123456.100001,120,');
    expect(csv).toContain('2025-03-01T23:59:59.999999Z,tab\there,');
  });

  it('keep the timestamp layout whatever DateStyle the session has', async () => {
    const expected = (await chunk(null, 20_000)).csv;
    const q = { id: siteId, from: FROM, to: TO, cursor: null, limit: 20_000 };
    const csv = await app.moduleRef
      .get(EntityManager)
      .fork()
      .transactional(async (em) => {
        await em.execute("SET LOCAL datestyle TO 'SQL, DMY'");
        const [{ shown }] = await em.execute<Array<{ shown: string }>>('SELECT now()::timestamp::text AS shown');
        expect(shown).toMatch(/^\d\d\/\d\d\/\d{4} /);
        return (await readCsvChunk(em, q, null)).csv;
      });
    expect(csv).toBe(expected);
  });

  it('answer an unknown site with site_not_found, a forged cursor with validation_failed, an empty range with nothing', async () => {
    await expect(chunk(null, 10, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'site_not_found' });
    await expect(chunk('bm90LWEtY3Vyc29y', 10)).rejects.toMatchObject({ code: 'validation_failed' });
    const empty = await app.newSite();
    await expect(chunk(null, 10, empty.id)).resolves.toEqual({ csv: '', rows: 0, next_cursor: null });
  });
});
