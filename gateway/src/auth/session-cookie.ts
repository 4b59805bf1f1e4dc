import { createHmac, timingSafeEqual } from 'node:crypto';
import type { GatewayEnv } from '../config/env';
import { keyDigest } from './api-key-digest';

export const SESSION_COOKIE = 'emissions_session';

type SessionClaims = { v: 1; sub: 'operator'; fp: string; exp: number };

/**
 * The operator's dashboard session: `<claims>.<HMAC-SHA256>` in base64url, signed with SESSION_SECRET so every
 * replica can check it without shared state. The claims carry a fingerprint of the operator key it was made
 * from: rotating ADMIN_API_KEY ends every session made with the old key.
 */
export class SessionCookie {
  private readonly secret: Buffer;
  private readonly operatorFingerprint: string;

  constructor(private readonly env: Pick<GatewayEnv, 'SESSION_SECRET' | 'ADMIN_API_KEY' | 'SESSION_TTL_S' | 'APP_ENV'>) {
    this.secret = Buffer.from(env.SESSION_SECRET, 'utf8');
    this.operatorFingerprint = this.mac(`operator-key:${keyDigest(env.ADMIN_API_KEY).toString('hex')}`)
      .subarray(0, 16)
      .toString('base64url');
  }

  /** A new session's cookie value and expiry. */
  issue(now = Date.now()): { value: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + this.env.SESSION_TTL_S;
    const claims: SessionClaims = { v: 1, sub: 'operator', fp: this.operatorFingerprint, exp };
    const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return { value: `${body}.${this.mac(body).toString('base64url')}`, expiresAt: new Date(exp * 1000) };
  }

  /** The session's expiry when the value is authentic, unexpired and made from the current operator key; else null. */
  verify(value: string, now = Date.now()): Date | null {
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const body = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: Partial<SessionClaims>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (claims.v !== 1 || claims.sub !== 'operator' || claims.fp !== this.operatorFingerprint) return null;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
    return new Date(claims.exp * 1000);
  }

  /** Set-Cookie for a new session. */
  setCookieHeader(value: string): string {
    return this.attributes(`${SESSION_COOKIE}=${value}`, this.env.SESSION_TTL_S);
  }

  /** Set-Cookie that removes the session from the browser. */
  clearCookieHeader(): string {
    return this.attributes(`${SESSION_COOKIE}=`, 0);
  }

  private attributes(pair: string, maxAgeS: number): string {
    const secure = this.env.APP_ENV === 'production' ? '; Secure' : '';
    return `${pair}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${secure}`;
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.secret).update(data, 'utf8').digest();
  }
}

/** The session cookie's value from a Cookie header, if any. */
export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
