import { type Session, type SignInRequest, SignInRequestSchema } from '@emissions/contracts';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '../auth/access.decorator';
import { AuthRateLimits } from '../auth/auth-rate-limits';
import { CredentialResolver } from '../auth/credential.resolver';
import { type Principal, principalOf } from '../auth/principal';
import { claimedOrigin, isTrustedOrigin } from '../auth/request-origin';
import { unauthorized } from '../auth/unauthorized.problem';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';

/** Dashboard sign-in: an operator key is exchanged for a signed, HttpOnly, SameSite=Strict session cookie. */
@Controller(['api/v1/session', 'api/session'])
export class SessionController {
  constructor(
    private readonly credentials: CredentialResolver,
    private readonly limits: AuthRateLimits,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @Post()
  @HttpCode(200)
  @Allow('public')
  @UseGuards(JsonContentTypeGuard)
  async signIn(
    @Body(new ZodValidationPipe(SignInRequestSchema)) body: SignInRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Session> {
    await this.limits.beforeCredentialCheck(req, true);
    // A page of another site must not be able to sign a browser in (login CSRF).
    if (claimedOrigin(req) !== null && !isTrustedOrigin(req, this.env.CORS_ORIGINS)) {
      throw new ProblemError('forbidden', 'Sign-in must come from the dashboard’s own origin');
    }
    const check = await this.credentials.checkKey(body.api_key);
    if (check.status !== 'ok') {
      await this.limits.recordFailedAttempt(req);
      throw unauthorized('The API key is not valid', true);
    }
    if (check.principal.kind !== 'operator') throw new ProblemError('forbidden', 'Device keys cannot sign in; use an operator key');
    const session = this.credentials.sessions.issue();
    res.setHeader('Set-Cookie', this.credentials.sessions.setCookieHeader(session.value));
    res.setHeader('Cache-Control', 'no-store');
    return { kind: 'operator', via: 'cookie', site_id: null, expires_at: session.expiresAt.toISOString() };
  }

  @Get()
  @Allow('authenticated')
  whoAmI(@Req() req: Request, @Res({ passthrough: true }) res: Response): Session {
    res.setHeader('Cache-Control', 'no-store');
    return describe(principalOf(req));
  }

  /** Always succeeds: clearing a cookie needs no credential and reveals nothing. */
  @Delete()
  @HttpCode(204)
  @Allow('public')
  signOut(@Res({ passthrough: true }) res: Response): void {
    res.setHeader('Set-Cookie', this.credentials.sessions.clearCookieHeader());
  }
}

function describe(principal: Principal): Session {
  if (principal.kind === 'device') return { kind: 'device', via: 'bearer', site_id: principal.siteId, expires_at: null };
  return { kind: 'operator', via: principal.via, site_id: null, expires_at: principal.sessionExpiresAt?.toISOString() ?? null };
}
