import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env';
import { readSessionCookie, SessionCookie } from './session-cookie';

const env = loadEnv({ SESSION_SECRET: 's'.repeat(40), ADMIN_API_KEY: 'k'.repeat(40), SESSION_TTL_S: '3600' });

describe('SessionCookie', () => {
  const cookies = new SessionCookie(env);

  it('accepts what it issued until it expires', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    const { value, sid, expiresAt } = cookies.issue(now);
    expect(expiresAt.toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(cookies.verify(value, now + 1000)).toEqual({ sid, expiresAt });
    expect(cookies.verify(value, now + 3_600_000)).toBeNull();
  });

  it('gives every session its own id, the handle sign-out revokes', () => {
    const ids = new Set(Array.from({ length: 50 }, () => cookies.issue().sid));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[\w-]{22}$/);
  });

  it('refuses a tampered, truncated or foreign value', () => {
    const { value } = cookies.issue();
    const [body, mac] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 2, sub: 'operator', sid: 'x'.repeat(22), fp: 'x', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    for (const bad of [`${forged}.${mac}`, `${body}.`, body, `${body}.${mac.slice(0, -2)}`, '', '.', 'a.b.c']) {
      expect(cookies.verify(bad), bad).toBeNull();
    }
    const otherSecret = new SessionCookie({ ...env, SESSION_SECRET: 't'.repeat(40) });
    expect(otherSecret.verify(value)).toBeNull();
  });

  it('ends every session when the operator key changes', () => {
    const { value } = cookies.issue();
    expect(new SessionCookie({ ...env, ADMIN_API_KEY: 'j'.repeat(40) }).verify(value)).toBeNull();
  });

  it('sets HttpOnly and SameSite=Strict; in production Secure and the __Host- prefix', () => {
    expect(cookies.setCookieHeader('v')).toBe('emissions_session=v; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict');
    const production = new SessionCookie({ ...env, APP_ENV: 'production' });
    expect(production.setCookieHeader('v')).toBe('__Host-emissions_session=v; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure');
    expect(production.clearCookieHeader()).toMatch(/^__Host-emissions_session=; Path=\/; Max-Age=0;/);
    // Each reads only its own name: a plain cookie planted over http is no production session.
    expect(production.read('emissions_session=abc.def')).toBeNull();
    expect(production.read('__Host-emissions_session=abc.def')).toBe('abc.def');
    expect(cookies.clearCookieHeader()).toBe('emissions_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it('reads its cookie among others', () => {
    expect(readSessionCookie('a=1; emissions_session=abc.def; b=2')).toBe('abc.def');
    expect(readSessionCookie('a=1')).toBeNull();
    expect(readSessionCookie(undefined)).toBeNull();
    expect(readSessionCookie('emissions_session=')).toBeNull();
  });
});
