import { DEVICE_KEY_PATTERN } from '@emissions/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { IngestionClient } from '../clients/ingestion.client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { digestsEqual, keyDigest } from './api-key-digest';
import { readBearerToken } from './bearer-token';
import { loopbackShortcutApplies } from './loopback-shortcut';
import type { Principal } from './principal';
import { readSessionCookie, SessionCookie } from './session-cookie';

/**
 * - `missing`: nothing presented (or an ended session): 401, not counted as a failed attempt.
 * - `invalid`: a bearer key was presented and is malformed, unknown or revoked: 401, counted against the address.
 */
export type CredentialCheck =
  | { status: 'ok'; principal: Principal }
  | { status: 'missing'; detail: string }
  | { status: 'invalid'; detail: string };

/** Turns what a request carries (bearer key, session cookie, or a loopback address in development) into a Principal. */
@Injectable()
export class CredentialResolver {
  private readonly operatorDigest: Buffer;
  readonly sessions: SessionCookie;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly ingestion: IngestionClient,
  ) {
    this.operatorDigest = keyDigest(env.ADMIN_API_KEY);
    this.sessions = new SessionCookie(env);
  }

  /** A bearer key is judged as presented; only a request without one falls back to the cookie, then to loopback. */
  async resolve(req: Request): Promise<CredentialCheck> {
    const bearer = readBearerToken(req.headers.authorization);
    if (bearer.kind === 'malformed') return { status: 'invalid', detail: 'The Authorization header must be "Bearer <api key>"' };
    if (bearer.kind === 'token') return this.checkKey(bearer.token);
    const cookie = readSessionCookie(req.headers.cookie);
    if (cookie !== null) {
      const expiresAt = this.sessions.verify(cookie);
      if (expiresAt)
        return { status: 'ok', principal: { kind: 'operator', clientId: 'operator', via: 'cookie', sessionExpiresAt: expiresAt } };
      return { status: 'missing', detail: 'The session has ended; sign in again' };
    }
    // Development only (refused in production at boot): the local machine's own pages act as the operator without a key.
    if (this.env.ANONYMOUS_LOOPBACK && loopbackShortcutApplies(req, this.env.CORS_ORIGINS)) {
      return { status: 'ok', principal: { kind: 'operator', clientId: 'operator', via: 'loopback', sessionExpiresAt: null } };
    }
    return { status: 'missing', detail: 'Send an API key as "Authorization: Bearer <key>", or sign in' };
  }

  /** The operator key (constant-time on digests) or a device key (looked up by prefix, compared in the service). */
  async checkKey(key: string): Promise<CredentialCheck> {
    const digest = keyDigest(key);
    if (digestsEqual(digest, this.operatorDigest)) {
      return { status: 'ok', principal: { kind: 'operator', clientId: 'operator', via: 'bearer', sessionExpiresAt: null } };
    }
    const device = DEVICE_KEY_PATTERN.exec(key);
    if (!device) return { status: 'invalid', detail: 'The API key is not valid' };
    const verdict = await this.ingestion.verifyDeviceKey({ prefix: device[1], secret_sha256: digest.toString('hex') });
    if (!verdict.valid) return { status: 'invalid', detail: 'The API key is not valid' };
    return {
      status: 'ok',
      principal: { kind: 'device', clientId: `device:${verdict.key_id}`, via: 'bearer', keyId: verdict.key_id, siteId: verdict.site_id },
    };
  }
}
