import { describe, expect, it } from 'vitest';
import { useFaultStack } from './support/fault-stack';

describe('fault: a service crashes at start, again and again, under the supervisor', () => {
  // Valid for every other service, refused by the relay's configuration: the relay exits at once on every start.
  // A window of 10 minutes instead of 1: on a loaded 2-core machine five Node starts can take minutes, and exits
  // further apart than the window are (rightly) no crash loop. On a quiet machine the loop is over in seconds.
  const stack = useFaultStack('faults_crash_loop', () => ({ RELAY_BATCH_SIZE: '0' }), {
    ready: false,
    supervisorEnv: { SUPERVISOR_CRASH_LOOP_WINDOW_MS: '600000' },
  });

  it('restarts it with backoff, then stops the whole stack with one line naming the service and its last error', async () => {
    const { supervisorExit, restarts } = stack();
    const { exitCode, log, survivors } = await supervisorExit(600_000);
    console.info(`[faults] crash loop, supervisor said:\n${log}`);

    expect(exitCode, 'the supervisor exit code').toBe(1);
    expect(survivors, 'service processes still running').toEqual([]);
    const verdicts = log.split('\n').filter((line) => line.startsWith('✗'));
    expect(verdicts, 'the one line that explains the stop').toHaveLength(1);
    expect(verdicts[0]).toMatch(
      /^✗ relay crashed 5 times within 600 s \(last exit: code 1; last error: Invalid environment for the relay: RELAY_BATCH_SIZE: .+\); stopping everything\.$/,
    );
    const delays = [...log.matchAll(/^↻ relay exited unexpectedly \(code 1\); restarting in (\d+) ms/gm)].map((m) => Number(m[1]));
    expect(delays, 'restart delays before giving up: exponential from 250 ms').toEqual([250, 500, 1000, 2000]);
    expect(restarts('relay')).toBe(4);
    expect(restarts('ingestion')).toBe(0);
  }, 660_000);
});
