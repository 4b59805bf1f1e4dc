import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { AuthGuard } from './auth.guard';
import { AuthRateLimits } from './auth-rate-limits';
import { CredentialResolver } from './credential.resolver';
import { SessionRevocations } from './session-revocations';

@Global()
@Module({
  imports: [RateLimitsModule],
  providers: [CredentialResolver, AuthRateLimits, SessionRevocations, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [CredentialResolver, AuthRateLimits, SessionRevocations],
})
export class AuthModule {}
