import { type Session, type SignInRequest, SignInRequestSchema } from '@emissions/contracts';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '../auth/access.decorator';
import { AuthRateLimits, tooManyFailures } from '../auth/auth-rate-limits';
import { CredentialResolver } from '../auth/credential.resolver';
import { type Principal, principalOf } from '../auth/principal';
import { claimedOrigin, isTrustedOrigin } from '../auth/request-origin';
import { SessionRevocations } from '../auth/session-revocations';
import { unauthorized } from '../auth/unauthorized.problem';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { clientAddress } from '../rate-limits/client-address';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

/** Dashboard sign-in: an operator key is exchanged for a signed, HttpOnly, SameSite=Strict session cookie. */
@ApiTag('Access')
@Controller(['api/v1/session', 'api/session'])
export class SessionController {
  constructor(
    private readonly credentials: CredentialResolver,
    private readonly limits: AuthRateLimits,
    private readonly revocations: SessionRevocations,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @ApiOperation('signIn', 'Sign in to the dashboard with the operator key', {
    description:
      'Sets the session cookie (`emissions_session`; in production `__Host-emissions_session`, Secure; signed, HttpOnly, SameSite=Strict). ' +
      'Device keys cannot sign in (403). Failed attempts count against the client address: after a few, 429 with Retry-After.',
    success: { description: 'Signed in; the cookie is set.', schema: 'Session' },
    problems: ['unauthorized', 'forbidden', 'rate_limited', ...UPSTREAM_PROBLEMS],
  })
  @Post()
  @HttpCode(200)
  @Allow('public')
  @UseGuards(JsonContentTypeGuard)
  async signIn(
    @Body(new ZodValidationPipe(SignInRequestSchema)) body: SignInRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Session> {
    await this.limits.forAddress(req);
    // A page of another site must not be able to sign a browser in (login CSRF).
    if (claimedOrigin(req) !== null && !isTrustedOrigin(req, this.env.CORS_ORIGINS)) {
      throw new ProblemError('forbidden', 'Sign-in must come from the dashboard’s own origin');
    }
    const check = await this.credentials.checkKey(body.api_key, clientAddress(req));
    if (check.status === 'limited') throw tooManyFailures(check.retryAfterS);
    if (check.status !== 'ok') throw unauthorized('The API key is not valid', true);
    if (check.principal.kind !== 'operator') throw new ProblemError('forbidden', 'Device keys cannot sign in; use an operator key');
    const session = this.credentials.sessions.issue();
    res.setHeader('Set-Cookie', this.credentials.sessions.setCookieHeader(session.value));
    res.setHeader('Cache-Control', 'no-store');
    return { kind: 'operator', via: 'cookie', site_id: null, expires_at: session.expiresAt.toISOString() };
  }

  @ApiOperation('whoAmI', 'Who the credential of this request is', {
    success: { description: 'The caller.', schema: 'Session' },
    problems: UPSTREAM_PROBLEMS,
  })
  @Get()
  @Allow('authenticated')
  whoAmI(@Req() req: Request, @Res({ passthrough: true }) res: Response): Session {
    res.setHeader('Cache-Control', 'no-store');
    return describe(principalOf(req));
  }

  // Public: clearing a cookie needs no credential and reveals nothing. A revocation that cannot be stored is 503, so the
  // dashboard says sign-out failed rather than pretend.
  @ApiOperation('signOut', 'Sign out: ends the session on the server and clears the cookie', {
    description:
      'The session id is revoked at every replica until the cookie would have expired: the old cookie value is 401 afterwards. ' +
      'Succeeds without a session too. 503 when the revocation cannot be stored (Redis unreachable).',
    success: { description: 'The session is revoked and the cookie cleared.' },
    problems: UPSTREAM_PROBLEMS,
  })
  @Delete()
  @HttpCode(204)
  @Allow('public')
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const cookie = this.credentials.sessions.read(req.headers.cookie);
    const session = cookie === null ? null : this.credentials.sessions.verify(cookie);
    if (session) await this.revocations.revoke(session);
    res.setHeader('Set-Cookie', this.credentials.sessions.clearCookieHeader());
  }
}

function describe(principal: Principal): Session {
  if (principal.kind === 'device') return { kind: 'device', via: 'bearer', site_id: principal.siteId, expires_at: null };
  return { kind: 'operator', via: principal.via, site_id: null, expires_at: principal.sessionExpiresAt?.toISOString() ?? null };
}
