import { describe, expect, it } from 'vitest';
import { tokenBucketArguments } from './token-bucket.script';

describe('tokenBucketArguments', () => {
  it('lists the keys, then capacity, refill per millisecond and cost of each bucket', () => {
    const args = tokenBucketArguments([
      { key: 'rl:a', burst: 10, perMinute: 600 },
      { key: 'rl:b', burst: 3, perMinute: 6, cost: 2 },
    ]);
    expect(args).toEqual(['rl:a', 'rl:b', '10', '0.01', '1', '3', '0.0001', '2']);
  });

  it('takes one token by default and accepts a cost up to the burst', () => {
    expect(tokenBucketArguments([{ key: 'rl:a', burst: 5, perMinute: 60 }]).at(-1)).toBe('1');
    expect(tokenBucketArguments([{ key: 'rl:a', burst: 5, perMinute: 60, cost: 5 }]).at(-1)).toBe('5');
  });

  it('refuses specs no bucket could ever satisfy', () => {
    const bucket = { key: 'rl:a', burst: 5, perMinute: 60 };
    expect(() => tokenBucketArguments([{ ...bucket, cost: 6 }])).toThrow(/cost must be 1 to burst/);
    expect(() => tokenBucketArguments([{ ...bucket, cost: 0 }])).toThrow(/cost/);
    expect(() => tokenBucketArguments([{ ...bucket, cost: 1.5 }])).toThrow(/cost/);
    expect(() => tokenBucketArguments([{ ...bucket, burst: 0 }])).toThrow(/burst must be a positive integer/);
    expect(() => tokenBucketArguments([{ ...bucket, burst: 2.5 }])).toThrow(/burst/);
    expect(() => tokenBucketArguments([{ ...bucket, perMinute: 0 }])).toThrow(/perMinute must be positive/);
    expect(() => tokenBucketArguments([{ ...bucket, key: '' }])).toThrow(/key/);
  });

  it('refuses the same bucket twice in one check, which would take from it on a stale level', () => {
    const bucket = { key: 'rl:a', burst: 5, perMinute: 60 };
    expect(() => tokenBucketArguments([bucket, bucket])).toThrow(/distinct keys/);
  });
});
