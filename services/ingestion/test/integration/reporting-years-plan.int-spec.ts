import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportingYearTotalsStatement } from '../../src/sites/sites.repository';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { planNodes, planOf } from '../support/query-plan';

let app: IngestionTestApp;
const OTHER_SITES = 'reporting-years-plan';
beforeAll(async () => {
  app = await startIngestionTestApp();
  // Events the relay has published and keeps for its retention (72 h by default), straight into the table.
  await app.sql(
    `INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload, published_at)
     SELECT gen_random_uuid(), ?, gen_random_uuid(), 'batch.ingested', '{}'::jsonb, now() FROM generate_series(1, 50000)`,
    [OTHER_SITES],
  );
  await app.sql('ANALYZE outbox_events');
});
afterAll(async () => {
  await app.sql('DELETE FROM outbox_events WHERE aggregate_type = ?', [OTHER_SITES]);
  await app.close();
});

describe("the reporting-year totals written into a batch's event (sites with an annual limit, 50,000 events kept)", () => {
  it("finds the event by the outbox's primary key, never scanning the events kept for the relay", async () => {
    const site = await app.newSite({ annual_limit: '100' });
    await app.send(v1Command(site.id, [reading(1, '5')]));
    const [event] = await app.sql<{ id: string }>('SELECT id FROM outbox_events WHERE aggregate_id = ?', [site.id]);
    const statement = reportingYearTotalsStatement(site.id, event.id, [{ month: '2026-01-01', total: '5', n: 1, days: 1 }]);

    const root = await planOf(app, statement);
    const outboxScans = planNodes(root).filter((n) => n['Relation Name'] === 'outbox_events' && n['Node Type'] !== 'ModifyTable');

    expect(outboxScans.map((n) => n['Node Type'])).toEqual(['Index Scan']);
    expect(outboxScans[0]['Index Cond']).toMatch(/aggregate_id = .*id = /);
  });
});
