import { describe, expect, it } from 'vitest';
import type { StackServiceName } from '../../../scripts/stack/stack.mjs';
import { sleep, useFaultStack } from './support/fault-stack';
import { describeLoad, runLoad } from './support/load';
import { createSites } from './support/sites';
import { inboxMismatches } from './support/stored-state';
import { expectVerdict } from './support/verdict';

const KILL_ORDER: StackServiceName[] = ['ingestion', 'relay', 'alerting', 'gateway'];

describe('fault: every service is killed with SIGKILL in turn under the supervisor', () => {
  const stack = useFaultStack('faults_supervised');

  it('brings each killed service back by itself and keeps every batch and alert exactly once', async () => {
    const { baseUrl, adminKey, db, kill, restart, restarts, waitReady } = stack();
    const siteIds = await createSites({ baseUrl, adminKey });
    const downtimes: string[] = [];

    const report = await runLoad(
      { baseUrl, adminKey, siteIds, clients: 8, durationMs: 3000, untilFaultEnds: true, gatewayMayBeDown: true },
      async () => {
        for (const name of KILL_ORDER) {
          await sleep(1500);
          const killedAt = Date.now();
          await kill(name, 'SIGKILL');
          // Nothing but the supervisor starts it again.
          await restart(name);
          await waitReady(30_000);
          downtimes.push(`${name}=${Date.now() - killedAt}ms`);
        }
        await sleep(1500);
      },
    );
    console.info(`[faults] supervised kills, back after ${downtimes.join(' ')}: ${describeLoad(report)}`);

    expect(report.unexpected, 'answers other than 201 or a 503 problem with Retry-After').toEqual([]);
    expect(
      Object.keys(report.outcomes).filter((o) => o !== '201' && o !== 'network' && !o.startsWith('503 ')),
      'answers other than 201, 503 and a refused connection',
    ).toEqual([]);
    expect(report.unacknowledged, 'batches never acknowledged').toBe(0);
    expect(report.outcomes['503 service_unavailable'] ?? 0, 'clients saw the ingestion outage as 503').toBeGreaterThan(0);
    expect(Object.fromEntries(KILL_ORDER.map((name) => [name, restarts(name)])), 'one restart per kill').toEqual({
      ingestion: 1,
      relay: 1,
      alerting: 1,
      gateway: 1,
    });
    const figures = await expectVerdict(db, report.acknowledged);
    expect(figures.alerts, 'crossings happened during the load').toBeGreaterThan(0);
    expect(await inboxMismatches(db), 'outbox events without exactly one inbox row').toEqual({ unprocessed: 0, unknown: 0 });
  });

  it('counts each restart in the supervisor metrics', async () => {
    const { supervisorMetrics } = stack();
    const text = await supervisorMetrics();
    for (const name of KILL_ORDER) expect(text).toContain(`supervisor_restarts_total{service="${name}"} 1`);
    for (const name of KILL_ORDER) expect(text).toContain(`supervisor_service_up{service="${name}"} 1`);
  });

  it('stops every service gracefully on Ctrl-C (SIGINT) and restarts none of them', async () => {
    const { interrupt } = stack();
    const { exitCode, log, survivors } = await interrupt();
    expect(exitCode, 'the supervisor exit code').toBe(0);
    expect(survivors, 'service processes still running').toEqual([]);
    expect(log).toContain('» shutting down');
    expect(log.slice(log.indexOf('» shutting down')), 'what the supervisor said after Ctrl-C').not.toMatch(/↻|✗/);
  });
});
