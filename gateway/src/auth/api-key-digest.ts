import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a presented key: what is stored and compared, so the key itself is never kept. */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Constant-time equality of two digests (both SHA-256, so equal lengths). */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
