import { describe, expect, it } from 'vitest';
import { redisDurabilityProblems } from './redis-durability.check';

describe('redisDurabilityProblems', () => {
  it('accepts an append-only Redis that never evicts', () => {
    expect(redisDurabilityProblems({ appendonly: 'yes', 'maxmemory-policy': 'noeviction' })).toEqual([]);
  });

  it('names each setting that can lose queued events', () => {
    const problems = redisDurabilityProblems({ appendonly: 'no', 'maxmemory-policy': 'allkeys-lru' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('appendonly is "no"');
    expect(problems[1]).toContain('maxmemory-policy is "allkeys-lru"');
  });

  it('treats a setting it could not read as a problem', () => {
    expect(redisDurabilityProblems({ appendonly: 'yes' })).toEqual([expect.stringContaining('maxmemory-policy is "unknown"')]);
  });
});
