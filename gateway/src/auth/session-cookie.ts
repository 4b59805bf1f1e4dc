import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { GatewayEnv } from '../config/env';
import { keyDigest } from './api-key-digest';

export const SESSION_COOKIE = 'emissions_session';
/** Production's name: browsers accept a `__Host-` cookie only when Secure, Path=/ and without Domain, so no subdomain can plant or shadow it. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** `sid` names the session for revocation (sign-out); v1 cookies had none and are no longer accepted. */
type SessionClaims = { v: 2; sub: 'operator'; sid: string; fp: string; exp: number };

/** What a verified cookie says: the session's id (to look up in the revocation list) and its expiry. */
export type VerifiedSession = { sid: string; expiresAt: Date };

/**
 * The operator's dashboard session: `<claims>.<HMAC-SHA256>` in base64url, signed with SESSION_SECRET so every
 * replica can check it without shared state. The claims carry a fingerprint of the operator key it was made
 * from: rotating ADMIN_API_KEY ends every session made with the old key.
 */
export class SessionCookie {
  private readonly secret: Buffer;
  private readonly operatorFingerprint: string;
  /** The cookie's name: `__Host-` prefixed when Secure (production); plain over http in development, where the prefix is refused. */
  readonly name: string;

  constructor(private readonly env: Pick<GatewayEnv, 'SESSION_SECRET' | 'ADMIN_API_KEY' | 'SESSION_TTL_S' | 'APP_ENV'>) {
    this.secret = Buffer.from(env.SESSION_SECRET, 'utf8');
    this.name = env.APP_ENV === 'production' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
    this.operatorFingerprint = this.mac(`operator-key:${keyDigest(env.ADMIN_API_KEY).toString('hex')}`)
      .subarray(0, 16)
      .toString('base64url');
  }

  /** A new session's cookie value, id and expiry. */
  issue(now = Date.now()): { value: string } & VerifiedSession {
    const exp = Math.floor(now / 1000) + this.env.SESSION_TTL_S;
    const sid = randomBytes(16).toString('base64url');
    const claims: SessionClaims = { v: 2, sub: 'operator', sid, fp: this.operatorFingerprint, exp };
    const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return { value: `${body}.${this.mac(body).toString('base64url')}`, sid, expiresAt: new Date(exp * 1000) };
  }

  /**
   * The session's id and expiry when the value is authentic, unexpired and made from the current operator key;
   * else null. Whether it was revoked since is SessionRevocations' question.
   */
  verify(value: string, now = Date.now()): VerifiedSession | null {
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
    if (claims.v !== 2 || claims.sub !== 'operator' || claims.fp !== this.operatorFingerprint) return null;
    if (typeof claims.sid !== 'string' || !/^[\w-]{22}$/.test(claims.sid)) return null;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
    return { sid: claims.sid, expiresAt: new Date(claims.exp * 1000) };
  }

  /** Set-Cookie for a new session. */
  setCookieHeader(value: string): string {
    return this.attributes(`${this.name}=${value}`, this.env.SESSION_TTL_S);
  }

  /** Set-Cookie that removes the session from the browser. */
  clearCookieHeader(): string {
    return this.attributes(`${this.name}=`, 0);
  }

  /** This gateway's session cookie in a Cookie header, if any. */
  read(header: string | undefined): string | null {
    return readSessionCookie(header, this.name);
  }

  private attributes(pair: string, maxAgeS: number): string {
    const secure = this.env.APP_ENV === 'production' ? '; Secure' : '';
    return `${pair}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${secure}`;
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.secret).update(data, 'utf8').digest();
  }
}

/** The value of the cookie `name` from a Cookie header, if any. */
export function readSessionCookie(header: string | undefined, name = SESSION_COOKIE): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
