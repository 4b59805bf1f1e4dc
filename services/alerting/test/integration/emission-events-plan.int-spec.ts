import type { AcceptedRateReading } from '@emissions/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingsAndEventsStatement } from '../../src/emission-events/emission-events.repository';
import { describePlan, planOf } from '../support/query-plan';

// A site with a month of history: 5 sensors, a rate reading a minute each (216,000), an emission event every 72 minutes (3,000).
const site = randomUUID();
const db = new Client({ connectionString: process.env.DATABASE_URL });
beforeAll(async () => {
  await db.connect();
  await db.query(
    `INSERT INTO alerting.rate_readings (site_id, sensor_id, measured_at, duration_s, rate_kg_h, mass_kg, threshold_kg_h, event_id)
     SELECT $1, 's' || s, timestamptz '2026-10-01T00:00:00Z' + m * interval '1 minute', 60, CASE WHEN m % 72 < 10 THEN 150 ELSE 5 END, 1, 100, 'plan'
       FROM generate_series(0, 4) s, generate_series(0, 43199) m`,
    [site],
  );
  await db.query(
    `INSERT INTO alerting.emission_events (site_id, id, sensor_id, started_at, ended_at, last_measured_at, peak_rate_kg_h, mass_kg, readings)
     SELECT $1, gen_random_uuid(), 's' || s, timestamptz '2026-10-01T00:00:00Z' + k * 72 * interval '1 minute',
            timestamptz '2026-10-01T00:10:00Z' + k * 72 * interval '1 minute', timestamptz '2026-10-01T00:09:00Z' + k * 72 * interval '1 minute',
            150, 25, 10
       FROM generate_series(0, 4) s, generate_series(0, 599) k`,
    [site],
  );
  await db.query('ANALYZE alerting.rate_readings');
  await db.query('ANALYZE alerting.emission_events');
});
afterAll(async () => {
  await db.query('DELETE FROM alerting.rate_readings WHERE site_id = $1', [site]);
  await db.query('DELETE FROM alerting.emission_events WHERE site_id = $1', [site]);
  await db.end();
});

// The next batch, at the end of the history: 10 minutes of each sensor, one of them above the threshold.
const readings: AcceptedRateReading[] = Array.from({ length: 50 }, (_, i) => ({
  sensor_id: `s${i % 5}`,
  measured_at: new Date(Date.parse('2026-10-31T00:00:00Z') + Math.floor(i / 5) * 60_000).toISOString(),
  duration_s: 60,
  rate_kg_h: i % 5 === 0 ? '150' : '5',
  mass_kg: '1',
}));

const HISTORY_TABLES = ['rate_readings', 'emission_events'];
const HISTORY_INDEX = /^(rate_readings|emission_events)_/;

describe("the derivation's read of a sensor's history (a site with 216,000 rate readings and 3,000 events)", () => {
  it.each(['custom', 'generic'] as const)(
    'probes each window by site, sensor and time (%s plan), never reading the whole site',
    async (mode) => {
      const plan = await planOf(db, readingsAndEventsStatement(site, 'plan-event', '100', readings), mode);
      const shown = describePlan(plan);
      const seqScans = plan.filter((n) => n['Node Type'] === 'Seq Scan' && HISTORY_TABLES.includes(n['Relation Name'] ?? ''));
      expect(seqScans, shown).toEqual([]);
      const probes = plan.filter((n) => HISTORY_INDEX.test(n['Index Name'] ?? ''));
      expect(probes.length, shown).toBeGreaterThan(0);
      for (const probe of probes) expect(probe['Index Cond'], shown).toMatch(/sensor_id = .*(measured_at|tstzrange)/s);
    },
  );
});
