import { describe, expect, it } from 'vitest';
import { isLockTimeout, isLockTimeoutOn } from './database-failure';

describe('isLockTimeoutOn', () => {
  it('tells a wait on the ledger key from a wait on a busy site row by the error context', () => {
    const onKey = { code: '55P03', where: 'while inserting index tuple (0,1) in relation "ingestion_batches"' };
    const onSite = { code: '55P03', where: 'while updating tuple (0,5) in relation "sites"' };
    expect(isLockTimeoutOn(onKey, 'ingestion_batches')).toBe(true);
    expect(isLockTimeoutOn(onSite, 'ingestion_batches')).toBe(false);
    expect(isLockTimeout(onSite)).toBe(true);
    expect(isLockTimeoutOn({ cause: onKey }, 'ingestion_batches')).toBe(true);
  });
});
