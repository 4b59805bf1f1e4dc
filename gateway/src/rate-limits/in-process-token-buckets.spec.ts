import { describe, expect, it } from 'vitest';
import { InProcessTokenBuckets } from './in-process-token-buckets';

const spec = { key: 'edge:203.0.113.7', burst: 3, perMinute: 60 };

describe('InProcessTokenBuckets', () => {
  it('allows the burst, then refuses with the wait until one token has refilled', () => {
    let now = 1_000_000;
    const buckets = new InProcessTokenBuckets(10, () => now);
    expect([1, 2, 3].map(() => buckets.take(spec).allowed)).toEqual([true, true, true]);
    expect(buckets.take(spec)).toEqual({ allowed: false, retryAfterS: 1 });
    now += 999;
    expect(buckets.take(spec).allowed).toBe(false);
    now += 1;
    expect(buckets.take(spec).allowed).toBe(true);
    expect(buckets.take(spec).allowed).toBe(false);
  });

  it('refills linearly up to the burst and no further', () => {
    let now = 0;
    const buckets = new InProcessTokenBuckets(10, () => now);
    for (let i = 0; i < 3; i++) buckets.take(spec);
    now += 3_600_000;
    expect([1, 2, 3, 4].map(() => buckets.take(spec).allowed)).toEqual([true, true, true, false]);
  });

  it('keeps buckets apart by key and a refusal takes nothing', () => {
    let now = 0;
    const buckets = new InProcessTokenBuckets(10, () => now);
    const costly = { ...spec, cost: 2 };
    expect(buckets.take(costly).allowed).toBe(true);
    expect(buckets.take(costly)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(buckets.take(spec).allowed).toBe(true);
    expect(buckets.take({ ...spec, key: 'edge:198.51.100.1' }).allowed).toBe(true);
    now += 60_000;
    expect(buckets.take(costly).allowed).toBe(true);
  });

  it('holds at most maxBuckets, dropping the least recently charged', () => {
    const now = 0;
    const buckets = new InProcessTokenBuckets(2, () => now);
    const a = { ...spec, key: 'a', burst: 1 };
    const b = { ...spec, key: 'b', burst: 1 };
    buckets.take(a);
    buckets.take(b);
    buckets.take({ ...spec, key: 'c' });
    expect(buckets.size).toBe(2);
    // `b` is still held and empty; `a` was dropped, so it is full again.
    expect(buckets.take(b).allowed).toBe(false);
    expect(buckets.take(a).allowed).toBe(true);
  });
});
