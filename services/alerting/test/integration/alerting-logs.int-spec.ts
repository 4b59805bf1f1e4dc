import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertingHarness, newBatchIngestedEvent, startAlerting } from '../support/alerting.harness';
import { LogCapture, waitFor } from '@emissions/testing';

// Own file: the first app of a test file owns nestjs-pino's process-wide logger, so it is the captured one.
const logs = new LogCapture();
let h: AlertingHarness;
beforeAll(async () => {
  h = await startAlerting({ env: { LOG_LEVEL: 'info' }, logs });
});
afterAll(() => h.close());

describe('alerting logs', () => {
  it('logs the request id, event id and site id of every event it processes, and of the alert it raises', async () => {
    const site_id = randomUUID();
    const below = newBatchIngestedEvent({ site_id, request_id: `req-${randomUUID()}`, total_before: '0', total_after: '50' });
    const crossing = newBatchIngestedEvent({ site_id, request_id: `req-${randomUUID()}`, total_before: '50', total_after: '150' });
    for (const e of [below, crossing]) await h.queue.add('batch.ingested', e, { jobId: `outbox-${e.event_id}` });

    // Wait for the alert line itself: the crossing event may log "event processed" a moment before it.
    const alertLine = await waitFor(
      async () =>
        logs.grep(below.request_id ?? '').length > 0 &&
        logs.grep(crossing.request_id ?? '').find((line) => line.msg === 'limit_exceeded alert raised'),
      'both log lines',
      10_000,
    );
    expect(alertLine).toMatchObject({
      level: 30,
      service: 'alerting',
      msg: 'limit_exceeded alert raised',
      request_id: crossing.request_id,
      event_id: crossing.event_id,
      site_id,
      alert_raised: true,
    });
    expect(logs.grep(below.request_id ?? '')).toEqual([
      expect.objectContaining({ msg: 'event processed', event_id: below.event_id, site_id, alert_raised: false }),
    ]);
  });
});
