import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { type Access, accessOf } from './access.decorator';
import { AuthRateLimits, tooManyFailures } from './auth-rate-limits';
import { CredentialResolver } from './credential.resolver';
import { attachPrincipal, mayAccessSite, type Principal } from './principal';
import { isStateChanging, isTrustedOrigin } from './request-origin';
import { unauthorized } from './unauthorized.problem';

/**
 * Every Nest route passes here (APP_GUARD): rate limits by address, then the credential, then what the route
 * allows. It runs before pipes, so an unauthenticated request is refused before its body is even validated.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialResolver,
    private readonly limits: AuthRateLimits,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = accessOf(this.reflector, [context.getHandler(), context.getClass()]);
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const principal = await this.authenticate(req);
    this.authorize(access, principal, req);
    attachPrincipal(req, principal);
    return true;
  }

  private async authenticate(req: Request): Promise<Principal> {
    // The operator key is judged without I/O: both limits then go to Redis in one round trip.
    const operator = this.credentials.operatorBearer(req);
    if (operator) {
      await this.limits.forAddressAndCredential(req, operator);
      return operator;
    }
    await this.limits.forAddress(req);
    const check = await this.credentials.resolve(req);
    if (check.status === 'limited') throw tooManyFailures(check.retryAfterS);
    if (check.status === 'invalid') throw unauthorized(check.detail, true);
    if (check.status === 'missing') throw unauthorized(check.detail, false);
    await this.limits.forCredential(check.principal);
    return check.principal;
  }

  private authorize(access: Access, principal: Principal, req: Request): void {
    // The cookie rides along on any request the browser makes, so a state change must also come from a trusted page.
    if (principal.via === 'cookie' && isStateChanging(req.method) && !isTrustedOrigin(req, this.env.CORS_ORIGINS)) {
      throw new ProblemError('forbidden', 'A request signed in by session cookie must come from the dashboard’s own origin');
    }
    if (access === 'operator' && principal.kind !== 'operator') {
      throw new ProblemError('forbidden', 'This route needs an operator key; device keys may only ingest into their own site');
    }
    const siteId = req.params.id;
    if (access === 'site' && typeof siteId === 'string' && !mayAccessSite(principal, siteId)) {
      throw new ProblemError('forbidden', 'This key may only access its own site');
    }
  }
}
