import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StackServiceName, type StackState, startStack, stopStack } from '../../../scripts/stack/stack.mjs';

const SERVICES: StackServiceName[] = ['gateway', 'ingestion', 'relay', 'alerting'];

/** The JSON log lines of one service that mention `text`, as `grep text <service>.log` finds them. */
function grepLog(state: StackState, name: StackServiceName, text: string): Record<string, unknown>[] {
  const file = state.services[name]?.log;
  if (!file) throw new Error(`${name} is not part of the stack (not built?)`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(text))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// The whole engine as real processes (gateway, ingestion, relay, alerting), each logging JSON to its own file.
describe('request id end to end', () => {
  let stack: StackState;
  beforeAll(async () => {
    stack = await startStack({ label: 'trace', extraEnv: { LOG_LEVEL: 'info' } });
  }, 120_000);
  afterAll(() => stopStack(stack));

  it('one grep of the request id follows a batch from the HTTP request to the alert in all four services', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${stack.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.adminKey}`, ...headers },
        body: JSON.stringify(body),
      });
    const site = (await (await post('/api/v1/sites', { name: `Trace ${randomUUID()}`, emission_limit: '10' })).json()) as { id: string };
    const requestId = `trace-${randomUUID()}`;
    const res = await post(
      '/api/v1/ingest',
      { site_id: site.id, readings: [{ timestamp: '2026-11-27T10:00:00Z', value: '12.5', sensor_id: 'ch4-east' }] },
      { 'Idempotency-Key': randomUUID(), 'X-Request-Id': requestId },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe(requestId);

    // The alerting line is the last hop; once it is written, every earlier one is too.
    await waitFor(async () => grepLog(stack, 'alerting', requestId).length > 0, 'the alerting log line');
    const lines = Object.fromEntries(SERVICES.map((name) => [name, grepLog(stack, name, requestId)]));
    for (const name of SERVICES) {
      expect(lines[name].length, `${name} log lines with ${requestId}`).toBeGreaterThan(0);
      for (const line of lines[name]) expect(line.service).toBe(name);
    }
    expect(lines.gateway).toContainEqual(expect.objectContaining({ request_id: requestId }));
    expect(lines.ingestion).toEqual([
      expect.objectContaining({ request_id: requestId, site_id: site.id, outcome: 'created', readings_accepted: 1 }),
    ]);
    expect(lines.relay[0].events).toContainEqual(expect.objectContaining({ request_id: requestId }));
    expect(lines.alerting).toEqual([
      expect.objectContaining({ request_id: requestId, site_id: site.id, msg: 'limit_exceeded alert raised', alert_raised: true }),
    ]);
  });
});
