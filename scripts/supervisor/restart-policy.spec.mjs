import { describe, expect, it } from 'vitest';
import { RestartPolicy } from './restart-policy.mjs';

const policy = () => new RestartPolicy({ backoffMinMs: 250, backoffMaxMs: 1500, crashLoopExits: 5, crashLoopWindowMs: 60_000 });

describe('RestartPolicy', () => {
  it('doubles the restart delay for each exit within the window, up to the ceiling', () => {
    const p = policy();
    const delays = [0, 1000, 2000, 3000].map((t) => p.recordExit('relay', t).delayMs);
    expect(delays).toEqual([250, 500, 1000, 1500]);
  });

  it('gives up on the fifth exit within the window', () => {
    const p = policy();
    for (const t of [0, 1000, 2000, 3000]) expect(p.recordExit('relay', t).action).toBe('restart');
    expect(p.recordExit('relay', 4000)).toEqual({ action: 'give-up', recentExits: 5 });
  });

  it('forgets exits older than the window: a service that ran a while starts again from the shortest delay', () => {
    const p = policy();
    for (const t of [0, 1000, 2000, 3000]) p.recordExit('relay', t);
    expect(p.recordExit('relay', 70_000)).toEqual({ action: 'restart', delayMs: 250, recentExits: 1 });
  });

  it('counts each service on its own', () => {
    const p = policy();
    for (const t of [0, 1000, 2000, 3000]) p.recordExit('relay', t);
    expect(p.recordExit('gateway', 3500)).toEqual({ action: 'restart', delayMs: 250, recentExits: 1 });
  });
});
