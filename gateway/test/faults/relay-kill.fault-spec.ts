import { describe, expect, it } from 'vitest';
import { type FaultStack, sleep, useFaultStack } from './support/fault-stack';
import { describeLoad, runLoad } from './support/load';
import { QueueProbe } from './support/queue-jobs';
import { createSites } from './support/sites';
import { inboxMismatches, pipelineState, unpublishedEventIds } from './support/stored-state';
import { expectOneSuperEmitterAlertPerEvent, expectVerdict } from './support/verdict';

type KillRound = { backlog: number; publishing: boolean; sentNotMarked: number };

/**
 * Freezes the relay until a backlog builds, lets it go, and freezes it again each time jobs of still
 * unpublished rows reach the queue, until it is caught between `addBulk` and its commit; then kills it.
 */
async function killMidPublish(stack: FaultStack, probe: QueueProbe): Promise<KillRound> {
  stack.signal('relay', 'SIGSTOP');
  await sleep(1500);
  const backlog = (await unpublishedEventIds(stack.db)).length;
  let publishing = false;
  let sentNotMarked = 0;
  const until = Date.now() + 5000;
  while (sentNotMarked === 0 && Date.now() < until) {
    stack.signal('relay', 'SIGCONT');
    const pending = await unpublishedEventIds(stack.db);
    if (pending.length === 0 || !(await probe.waitForAnyJob(pending, until - Date.now()))) break;
    stack.signal('relay', 'SIGSTOP');
    publishing = true;
    sentNotMarked = await probe.eventsWithJobs(await unpublishedEventIds(stack.db));
  }
  await stack.kill('relay', 'SIGKILL');
  return { backlog, publishing, sentNotMarked };
}

async function restartAndCatchUp(stack: FaultStack): Promise<void> {
  await stack.restart('relay');
  const until = Date.now() + 8000;
  while (Date.now() < until && (await pipelineState(stack.db)).unpublished > 50) await sleep(100);
}

describe('fault: the relay is killed with SIGKILL mid-publish (mass and rate batches)', () => {
  // Chunks of 20 rows: more publish/commit windows per backlog for the kill to land in.
  const stack = useFaultStack('faults_relay_kill', () => ({ RELAY_BATCH_SIZE: '20' }));

  it('loses and duplicates nothing, and raises one super_emitter alert per event, when the relay dies mid-publish and restarts', async () => {
    const { baseUrl, adminKey, db, env } = stack();
    const siteIds = await createSites({ baseUrl, adminKey });
    const probe = QueueProbe.open(env.REDIS_URL, env.QUEUE_NAME);
    const rounds: KillRound[] = [];

    // Traffic lasts as long as the rounds do: each kill needs a backlog being published, however slow the machine.
    // Two of the six clients send rate batches, each holding one super-emitter event: their jobs are redelivered too.
    const load = { baseUrl, adminKey, siteIds, clients: 6, rateClients: 2, durationMs: 10_000, untilFaultEnds: true };
    const report = await runLoad(load, async () => {
      for (let round = 0; round < 3; round++) {
        await sleep(500);
        rounds.push(await killMidPublish(stack(), probe));
        await restartAndCatchUp(stack());
      }
    });
    await probe.close();
    console.info(`[faults] relay kill ${JSON.stringify(rounds)}: ${describeLoad(report)}`);

    expect(report.unexpected, 'answers other than 201').toEqual([]);
    expect(report.unacknowledged, 'batches never acknowledged').toBe(0);
    expect(
      rounds.every((r) => r.backlog > 0 && r.publishing),
      'each kill hit a relay publishing a backlog',
    ).toBe(true);
    expect(
      rounds.some((r) => r.sentNotMarked > 0),
      'a kill landed between addBulk and the commit',
    ).toBe(true);
    await expectVerdict(db, report.acknowledged);
    expect(await inboxMismatches(db), 'outbox events without exactly one inbox row').toEqual({ unprocessed: 0, unknown: 0 });
    await expectOneSuperEmitterAlertPerEvent(db, report.acknowledged);
  });
});
