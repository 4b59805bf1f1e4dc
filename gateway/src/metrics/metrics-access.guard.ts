import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import ipaddr from 'ipaddr.js';
import { tooManyFailures } from '../auth/auth-rate-limits';
import { digestsEqual, keyDigest } from '../auth/api-key-digest';
import { readBearerToken } from '../auth/bearer-token';
import { unauthorized } from '../auth/unauthorized.problem';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { clientAddress } from '../rate-limits/client-address';
import { FailedAuthenticationLimiter } from '../rate-limits/failed-authentication.limiter';

/** Whether an address is the local machine (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
export function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/**
 * GET /metrics tells ingest volumes, refusal counts and backlog: it needs `Authorization: Bearer <METRICS_TOKEN>`
 * or the operator key. In development a request from the local machine (req.ip, so behind TRUST_PROXY the
 * client's address, not the proxy's) may scrape without one. A wrong token counts as a failed authentication.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly accepted: Buffer[];

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly failures: FailedAuthenticationLimiter,
  ) {
    this.accepted = [env.ADMIN_API_KEY, env.METRICS_TOKEN].filter((s): s is string => s !== undefined).map(keyDigest);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const bearer = readBearerToken(req.headers.authorization);
    if (bearer.kind === 'token') {
      const digest = keyDigest(bearer.token);
      if (this.accepted.some((d) => digestsEqual(d, digest))) return true;
    }
    if (bearer.kind !== 'absent') {
      const reservation = await this.failures.reserve(clientAddress(req));
      if (!reservation.granted) throw tooManyFailures(reservation.retryAfterS);
      throw unauthorized('The metrics token is not valid', true);
    }
    if (this.env.APP_ENV !== 'production' && isLoopbackAddress(clientAddress(req))) return true;
    throw unauthorized('Send "Authorization: Bearer <METRICS_TOKEN>" (or the operator key) to read the metrics', false);
  }
}
