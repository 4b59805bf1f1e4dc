import { DEVICE_KEY_PATTERN } from '@emissions/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { IngestionClient } from '../clients/ingestion.client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { clientAddress } from '../rate-limits/client-address';
import { FailedAuthenticationLimiter } from '../rate-limits/failed-authentication.limiter';
import { digestsEqual, keyDigest } from './api-key-digest';
import { readBearerToken } from './bearer-token';
import type { Principal } from './principal';
import { SessionCookie, type VerifiedSession } from './session-cookie';
import { SessionRevocations } from './session-revocations';

/**
 * - `missing`: nothing presented (or an ended session): 401, not counted as a failed attempt.
 * - `invalid`: a bearer key was presented and is malformed, unknown or revoked: 401, counted against the address.
 * - `limited`: the address has no failed attempts left and the key could not be checked without one: 429.
 */
export type CredentialCheck =
  | { status: 'ok'; principal: Principal }
  | { status: 'missing'; detail: string }
  | { status: 'invalid'; detail: string }
  | { status: 'limited'; retryAfterS: number };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const INVALID_KEY = 'The API key is not valid';

/** Turns what a request carries (bearer key, session cookie, or a loopback address in development) into a Principal. */
@Injectable()
export class CredentialResolver {
  private readonly operatorDigest: Buffer;
  readonly sessions: SessionCookie;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly ingestion: IngestionClient,
    private readonly failures: FailedAuthenticationLimiter,
    private readonly revocations: SessionRevocations,
    private readonly metrics: MetricsService,
  ) {
    this.operatorDigest = keyDigest(env.ADMIN_API_KEY);
    this.sessions = new SessionCookie(env);
  }

  /** A bearer key is judged as presented; only a request without one falls back to the cookie, then to loopback. */
  async resolve(req: Request): Promise<CredentialCheck> {
    const bearer = readBearerToken(req.headers.authorization);
    if (bearer.kind === 'malformed') {
      const reservation = await this.failures.reserve(clientAddress(req));
      if (!reservation.granted) return { status: 'limited', retryAfterS: reservation.retryAfterS };
      return { status: 'invalid', detail: 'The Authorization header must be "Bearer <api key>"' };
    }
    if (bearer.kind === 'token') return this.checkKey(bearer.token, clientAddress(req));
    const session = await this.currentSession(req);
    if (session !== 'none') {
      if (session === null) return { status: 'missing', detail: 'The session has ended; sign in again' };
      return {
        status: 'ok',
        principal: { kind: 'operator', clientId: 'operator', via: 'cookie', sessionExpiresAt: session.expiresAt },
      };
    }
    // Development only (refused in production at boot): the local machine acts as the operator without a key.
    if (this.env.ANONYMOUS_LOOPBACK && LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      return { status: 'ok', principal: { kind: 'operator', clientId: 'operator', via: 'loopback', sessionExpiresAt: null } };
    }
    return { status: 'missing', detail: 'Send an API key as "Authorization: Bearer <key>", or sign in' };
  }

  /** The request's live session; null for a cookie that is forged, expired or signed out; 'none' without a cookie. */
  async currentSession(req: Request): Promise<VerifiedSession | null | 'none'> {
    const cookie = this.sessions.read(req.headers.cookie);
    if (cookie === null) return 'none';
    const session = this.sessions.verify(cookie);
    if (!session || (await this.revocations.isRevoked(session))) return null;
    return session;
  }

  /**
   * The operator key (constant-time on digests, no lookup) or a device key (looked up by prefix, compared in the
   * service). A failed attempt is reserved from the address's budget BEFORE the lookup and refunded when the key is
   * valid, so parallel guesses cannot outrun the limit. An address out of failures still gets the operator key and
   * the device keys that worked from it before (one lookup per earlier success): a NAT of devices is not locked out.
   */
  async checkKey(key: string, address: string): Promise<CredentialCheck> {
    const digest = keyDigest(key);
    if (digestsEqual(digest, this.operatorDigest)) {
      return { status: 'ok', principal: { kind: 'operator', clientId: 'operator', via: 'bearer', sessionExpiresAt: null } };
    }
    const device = DEVICE_KEY_PATTERN.exec(key);
    const reservation = await this.failures.reserve(address);
    if (!reservation.granted && !(device && (await this.failures.takeKnownCredential(address, device[1])))) {
      return { status: 'limited', retryAfterS: reservation.retryAfterS };
    }
    if (!device) return { status: 'invalid', detail: INVALID_KEY };
    let verdict: Awaited<ReturnType<IngestionClient['verifyDeviceKey']>>;
    try {
      verdict = await this.ingestion.verifyDeviceKey({ prefix: device[1], secret_sha256: digest.toString('hex') });
    } catch (error) {
      // The service did not judge the key (unreachable, timed out): not a failed attempt.
      if (reservation.granted) reservation.refund();
      throw error;
    }
    this.metrics.deviceKeyLookups.inc({ outcome: verdict.valid ? 'valid' : 'invalid' });
    if (!verdict.valid) return { status: 'invalid', detail: INVALID_KEY };
    if (reservation.granted) reservation.refund();
    this.failures.rememberCredential(address, device[1], !reservation.granted);
    return {
      status: 'ok',
      principal: { kind: 'device', clientId: `device:${verdict.key_id}`, via: 'bearer', keyId: verdict.key_id, siteId: verdict.site_id },
    };
  }
}
