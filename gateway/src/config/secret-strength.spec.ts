import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estimatedBits, repeatingPeriod, secretWeakness } from './secret-strength';

describe('secret strength', () => {
  it('finds the unit a string repeats', () => {
    expect(repeatingPeriod([...'aaaa'])).toBe(1);
    expect(repeatingPeriod([...'abcabca'])).toBe(3);
    expect(repeatingPeriod([...'abcd'])).toBe(4);
  });

  it('refuses repeated, patterned and few-character strings', () => {
    expect(secretWeakness('a'.repeat(40))).toMatch(/only 1 distinct characters/);
    expect(secretWeakness('abcdefghij'.repeat(4))).toMatch(/estimated strength is 33 bits/);
    expect(secretWeakness('passwordpasswordpasswordpassword')).toMatch(/distinct characters/);
  });

  it('passes every generated secret, base64 or hex', () => {
    for (let i = 0; i < 200; i++) {
      expect(secretWeakness(randomBytes(32).toString('base64'))).toBeNull();
      expect(secretWeakness(randomBytes(32).toString('hex'))).toBeNull();
      expect(secretWeakness(randomBytes(16).toString('hex'))).toBeNull();
    }
    expect(estimatedBits(randomBytes(32).toString('base64url'))).toBeGreaterThan(150);
  });
});
