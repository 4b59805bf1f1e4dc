import { Module } from '@nestjs/common';
import { FailedAuthenticationLimiter } from './failed-authentication.limiter';
import { RateLimiter } from './rate-limiter.service';

/** Redis token buckets shared by the gateway replicas; the environment comes from the global ConfigModule. */
@Module({
  providers: [RateLimiter, FailedAuthenticationLimiter],
  exports: [RateLimiter, FailedAuthenticationLimiter],
})
export class RateLimitsModule {}
