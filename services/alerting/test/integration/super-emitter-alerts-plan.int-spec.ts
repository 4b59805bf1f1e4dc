import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superEmitterAlertsStatement } from '../../src/alerts/super-emitter-alerts.repository';
import { newBatchIngestedEvent } from '../support/alerting.harness';
import { describePlan, planOf } from '../support/query-plan';

// A site with a long history of super-emitter alerts: 5 sensors, 2,000 alerts each.
const site = randomUUID();
const db = new Client({ connectionString: process.env.DATABASE_URL });
beforeAll(async () => {
  await db.connect();
  await db.query(
    `INSERT INTO alerting.alerts (id, site_id, type, severity, total_at_trigger, emission_limit, triggered_at, event_id, batch_id,
       sensor_id, event_started_at, emission_event_id)
     SELECT gen_random_uuid(), $1, 'super_emitter', 'critical', 10, 5, now(), 'plan-' || s || '-' || k, gen_random_uuid(),
            's' || s, timestamptz '2026-01-01T00:00:00Z' + k * interval '1 hour', gen_random_uuid()
       FROM generate_series(0, 4) s, generate_series(0, 1999) k`,
    [site],
  );
  await db.query('ANALYZE alerting.alerts');
});
afterAll(async () => {
  await db.query('DELETE FROM alerting.alerts WHERE site_id = $1', [site]);
  await db.end();
});

/** The raise for one derived event. */
function raiseOne() {
  const batch = newBatchIngestedEvent({ site_id: site });
  const derived = [
    {
      id: randomUUID(),
      sensor_id: 's2',
      started_at_us: Date.parse('2026-03-01T00:00:00Z') * 1000,
      ended_at_us: Date.parse('2026-03-01T00:10:00Z') * 1000,
      last_measured_at_us: Date.parse('2026-03-01T00:09:00Z') * 1000,
      peak_rate_kg_h: '150',
      mass_kg: '25',
      readings: 10,
    },
  ];
  return superEmitterAlertsStatement(batch, derived, { ctes: 'nothing_first AS (SELECT 1)', params: [] });
}

describe('raising super_emitter alerts on a site with 10,000 of them', () => {
  it.each(['custom', 'generic'] as const)(
    'finds the alerts of a derived event by sensor and start (%s plan), not every alert of the site',
    async (mode) => {
      const plan = await planOf(db, raiseOne(), mode);
      const shown = describePlan(plan);
      const seqScans = plan.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'alerts');
      expect(seqScans, shown).toEqual([]);
      const probes = plan.filter((n) => n['Index Name'] === 'alerts_one_per_emission_event');
      expect(probes.length, shown).toBeGreaterThanOrEqual(2);
      for (const probe of probes) expect(probe['Index Cond'], shown).toMatch(/sensor_id = .*event_started_at/s);
    },
  );
});
