import { DEVICE_KEY_PATTERN, type DeviceKeyVerdict } from '@emissions/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { IngestionClient } from '../clients/ingestion.client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { clientAddress } from '../rate-limits/client-address';
import { FailedAuthenticationLimiter } from '../rate-limits/failed-authentication.limiter';
import { digestsEqual, keyDigest } from './api-key-digest';
import { readBearerToken } from './bearer-token';
import { loopbackShortcutApplies } from './loopback-shortcut';
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

const INVALID_KEY = 'The API key is not valid';
const OPERATOR_BY_BEARER: Principal = Object.freeze({ kind: 'operator', clientId: 'operator', via: 'bearer', sessionExpiresAt: null });

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

  /**
   * The operator principal when the request's bearer key is the operator key, else null: judged without I/O, so
   * the guard can check both of its rate limits in one round trip before anything else.
   */
  operatorBearer(req: Request): Principal | null {
    const bearer = readBearerToken(req.headers.authorization);
    if (bearer.kind !== 'token' || !digestsEqual(keyDigest(bearer.token), this.operatorDigest)) return null;
    return OPERATOR_BY_BEARER;
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
    // Development only (refused in production at boot): the local machine's own pages act as the operator without a key.
    if (this.env.ANONYMOUS_LOOPBACK && loopbackShortcutApplies(req, this.env.CORS_ORIGINS)) {
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
   * service). Before a device key unknown from this address is looked up, a failed attempt is reserved from the
   * address's budget, and refunded when the key is valid, so parallel guesses cannot outrun the limit. A device key
   * that already worked from this address is looked up without a reservation (one such lookup in flight at a
   * time), so an address out of failures still gets the operator key and its known devices: a NAT of devices is
   * not locked out by one bad neighbour. A known key that fails loses that standing and is charged a failure.
   */
  async checkKey(key: string, address: string): Promise<CredentialCheck> {
    const digest = keyDigest(key);
    if (digestsEqual(digest, this.operatorDigest)) return { status: 'ok', principal: OPERATOR_BY_BEARER };
    const device = DEVICE_KEY_PATTERN.exec(key);
    if (!device) {
      const reservation = await this.failures.reserve(address);
      return reservation.granted ? { status: 'invalid', detail: INVALID_KEY } : { status: 'limited', retryAfterS: reservation.retryAfterS };
    }
    const prefix = device[1];
    const query = { prefix, secret_sha256: digest.toString('hex') };
    const release = await this.failures.claimKnown(address, prefix);
    if (release) {
      const verdict = await this.lookUp(query).finally(release);
      if (verdict.valid) return this.deviceFound(verdict, address, prefix);
      this.failures.forget(address, prefix);
      await this.failures.charge(address);
      return { status: 'invalid', detail: INVALID_KEY };
    }
    const reservation = await this.failures.reserve(address);
    if (!reservation.granted) return { status: 'limited', retryAfterS: reservation.retryAfterS };
    let verdict: DeviceKeyVerdict;
    try {
      verdict = await this.lookUp(query);
    } catch (error) {
      // The service did not judge the key (unreachable, timed out): not a failed attempt.
      reservation.refund();
      throw error;
    }
    if (!verdict.valid) return { status: 'invalid', detail: INVALID_KEY };
    reservation.refund();
    return this.deviceFound(verdict, address, prefix);
  }

  private async lookUp(query: { prefix: string; secret_sha256: string }): Promise<DeviceKeyVerdict> {
    const verdict = await this.ingestion.verifyDeviceKey(query);
    this.metrics.deviceKeyLookups.inc({ outcome: verdict.valid ? 'valid' : 'invalid' });
    return verdict;
  }

  private deviceFound(verdict: Extract<DeviceKeyVerdict, { valid: true }>, address: string, prefix: string): CredentialCheck {
    this.failures.remember(address, prefix);
    return {
      status: 'ok',
      principal: { kind: 'device', clientId: `device:${verdict.key_id}`, via: 'bearer', keyId: verdict.key_id, siteId: verdict.site_id },
    };
  }
}
