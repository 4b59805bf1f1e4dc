import { Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter.service';

/** Redis token buckets shared by the gateway replicas; the environment comes from the global ConfigModule. */
@Module({
  providers: [RateLimiter],
  exports: [RateLimiter],
})
export class RateLimitsModule {}
