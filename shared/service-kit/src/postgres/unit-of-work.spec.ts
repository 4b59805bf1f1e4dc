import { describe, expect, it } from 'vitest';
import { inUnitOfWork } from './unit-of-work';

/** The order of calls a unit of work makes; the database side is proven in services/ingestion's unit-of-work.int-spec. */
function recordingEm(fail: { commit?: boolean; rollback?: boolean } = {}) {
  const calls: string[] = [];
  const em = {
    calls,
    begin: async () => void calls.push('begin'),
    commit: async () => {
      calls.push('commit');
      if (fail.commit) throw new Error('commit failed');
    },
    rollback: async () => {
      calls.push('rollback');
      if (fail.rollback) throw new Error('rollback failed');
    },
  };
  return em;
}

describe('inUnitOfWork', () => {
  it('begins, runs the work on the same manager, commits and returns its result', async () => {
    const em = recordingEm();
    await expect(inUnitOfWork(em, async (tx) => (tx === em ? 'same' : 'other'))).resolves.toBe('same');
    expect(em.calls).toEqual(['begin', 'commit']);
  });

  it("rolls back on the work's error and rethrows it, even when the rollback fails too", async () => {
    const em = recordingEm({ rollback: true });
    await expect(inUnitOfWork(em, async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(em.calls).toEqual(['begin', 'rollback']);
  });

  it('rolls back after a failed commit and rethrows the commit error', async () => {
    const em = recordingEm({ commit: true });
    await expect(inUnitOfWork(em, async () => 1)).rejects.toThrow('commit failed');
    expect(em.calls).toEqual(['begin', 'commit', 'rollback']);
  });
});
