import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestionMetrics } from '../../src/metrics/ingestion.metrics';
import { MetricsEndpointServer } from '@emissions/observability';
import { freePort } from '@emissions/testing';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { LogCapture } from '@emissions/testing';

// The first app of this file owns nestjs-pino's process-wide logger, so it is the one whose lines are captured.
const logs = new LogCapture();
let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp({
    logLevel: 'info',
    logDestination: logs,
    metricsEndpoint: { port: await freePort(), host: '127.0.0.1' },
  });
});
afterAll(() => app.close());

const withRequestId = (cmd: ReturnType<typeof v1Command>, request_id = `req-${randomUUID()}`) => ({ ...cmd, request_id });
const sample = (name: string, metricsText: string) => Number(metricsText.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1] ?? NaN);

describe('ingest telemetry', () => {
  it('logs one JSON line per batch with the request id, outcome, ids and counts, but no reading', async () => {
    const site = await app.newSite();
    const cmd = withRequestId(v1Command(site.id, [reading(0, '1.5', 'secret-sensor'), reading(1, '2'), reading(1, '2')]));
    const sent = await app.send(cmd);
    expect(sent.ok).toBe(true);
    const lines = logs.grep(cmd.request_id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      service: 'ingestion',
      context: 'IngestBatch',
      request_id: cmd.request_id,
      site_id: site.id,
      batch_id: sent.ok ? sent.result.body.batch_id : '',
      outcome: 'created',
      readings_received: 3,
      readings_accepted: 2,
      readings_duplicate: 1,
      readings_conflicting: 0,
    });
    expect(logs.raw.find((l) => l.includes(cmd.request_id))).not.toContain('secret-sensor');
  });

  it('logs replays, reused keys and unknown sites with their outcome', async () => {
    const site = await app.newSite();
    const first = withRequestId(v1Command(site.id, [reading(0, '1')], 'key-1'));
    await app.send(first);
    const replay = withRequestId(first);
    const reused = withRequestId(v1Command(site.id, [reading(0, '9')], 'key-1'));
    const unknown = withRequestId(v1Command(randomUUID(), [reading(0, '1')]));
    for (const cmd of [replay, reused, unknown]) await app.send(cmd);
    expect(logs.grep(replay.request_id)[0]).toMatchObject({ outcome: 'replayed', site_id: site.id });
    expect(logs.grep(reused.request_id)[0]).toMatchObject({ outcome: 'key_reused', error_code: 'idempotency_key_reused' });
    expect(logs.grep(unknown.request_id)[0]).toMatchObject({ outcome: 'not_found', error_code: 'site_not_found' });
  });

  it('counts batches and readings by outcome, and serves them on its own /metrics endpoint', async () => {
    const metrics = app.moduleRef.get(IngestionMetrics);
    const before = await metrics.registry.metrics();
    const site = await app.newSite();
    const key = randomUUID();
    await app.send(v1Command(site.id, [reading(0, '1'), reading(1, '2')], key));
    await app.send(v1Command(site.id, [reading(0, '1'), reading(1, '3'), reading(2, '4')]));
    await app.send(v1Command(site.id, [reading(0, '1'), reading(1, '2')], key));
    const port = app.moduleRef.get(MetricsEndpointServer).port();
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const after = await res.text();
    const delta = (name: string) => sample(name, after) - sample(name, before);
    expect(delta('ingest_batches_total{outcome="created"}')).toBe(2);
    expect(delta('ingest_batches_total{outcome="replayed"}')).toBe(1);
    expect(delta('ingest_readings_total{outcome="accepted"}')).toBe(3);
    expect(delta('ingest_readings_total{outcome="duplicate"}')).toBe(1);
    expect(delta('ingest_readings_total{outcome="conflicting"}')).toBe(1);
    expect(delta('ingest_batch_duration_seconds_count{outcome="created"}')).toBe(2);
    expect(after).toContain('process_cpu_seconds_total');
  });
});
