import { describe, expect, it } from 'vitest';
import { ShortLivedResult } from './short-lived-result';

/** A call whose settlement the test controls, counting how often it was started. */
function controlledCall() {
  const started: Array<{ resolve: (v: number) => void; reject: (e: Error) => void }> = [];
  const call = () => new Promise<number>((resolve, reject) => started.push({ resolve, reject }));
  return { started, call };
}

describe('ShortLivedResult', () => {
  it('joins concurrent callers to one call, then answers from it until the interval has passed', async () => {
    let clock = 1_000;
    const result = new ShortLivedResult<number>(2_000, () => clock);
    const { started, call } = controlledCall();
    const waiting = Array.from({ length: 50 }, () => result.get(call));
    expect(started).toHaveLength(1);
    started[0].resolve(7);
    expect(await Promise.all(waiting)).toEqual(Array(50).fill(7));
    clock += 1_999;
    expect(await result.get(call)).toBe(7);
    expect(started).toHaveLength(1);
    clock += 1;
    const next = result.get(call);
    expect(started).toHaveLength(2);
    started[1].resolve(8);
    expect(await next).toBe(8);
  });

  it('shares a failure for the interval too, so an outage is not probed once per request', async () => {
    let clock = 0;
    const result = new ShortLivedResult<number>(500, () => clock);
    const { started, call } = controlledCall();
    const first = result.get(call);
    started[0].reject(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await expect(result.get(call)).rejects.toThrow('down');
    clock = 500;
    void result.get(call).catch(() => undefined);
    expect(started).toHaveLength(2);
  });

  it('with 0 ms keeps nothing once the call settled', async () => {
    const result = new ShortLivedResult<number>(0);
    const { started, call } = controlledCall();
    const first = result.get(call);
    started[0].resolve(1);
    await first;
    void result.get(call);
    expect(started).toHaveLength(2);
  });
});
