import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { AlertingClient } from '../alerts/alerting.client';
import { IngestionClient } from '../clients/ingestion.client';
import { RedisClient } from '../clients/redis.client';
import { TRANSPORT_RETRY_AFTER_S } from '../clients/rpc-failure';
import { ShortLivedResult } from '../clients/short-lived-result';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import type { CheckState, HealthChecks, HealthLive, HealthReady } from './health.schema';
import { Allow } from '../auth/access.decorator';
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

@ApiTag('Operations')
@Allow('public')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);
  private readonly fanOut: ShortLivedResult<HealthChecks>;
  /** What the last probe found ('' before the first): a line is logged when it changes, never per probe. */
  private lastDown = '';
  private probed = false;
  private everReady = false;

  constructor(
    private readonly ingestion: IngestionClient,
    private readonly alerting: AlertingClient,
    private readonly redis: RedisClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.fanOut = new ShortLivedResult(env.HEALTH_CACHE_MS);
  }

  @ApiOperation('healthLive', 'Liveness', {
    description: 'The process serves HTTP. Says nothing about dependencies: do not restart on their outage.',
    success: { description: 'Alive.', schema: 'HealthLive' },
    problems: ['internal_error'],
  })
  @Get('live')
  live(): HealthLive {
    return { status: 'ok' };
  }

  // Public, so one fan-out answers every request for HEALTH_CACHE_MS: a flood costs the dependencies nothing more.
  @ApiOperation('healthReady', 'Readiness', {
    description:
      'Ready when the ingestion service (and through it PostgreSQL) and Redis answer. The 503 problem carries a `checks` member. ' +
      'One check answers every request for HEALTH_CACHE_MS (default 2 s).',
    success: { description: 'Every dependency answers.', schema: 'HealthReady' },
    problems: UPSTREAM_PROBLEMS,
  })
  @Get('ready')
  async ready(): Promise<HealthReady> {
    const checks = await this.fanOut.get(() => this.check());
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    this.logChange(down.join(', '));
    if (down.length > 0) {
      // A probe's answer, not a failure of this request: the change of state was logged once above.
      throw new ProblemError('service_unavailable', `Not ready: ${down.join(', ')} unavailable`, {
        retryAfterS: TRANSPORT_RETRY_AFTER_S,
        extensions: { checks },
        expected: true,
      });
    }
    return { status: 'ok', checks };
  }

  /**
   * Probes repeat every few seconds, so the log says only when readiness changes: a dependency lost after the
   * gateway was ready is a warning; waiting for them at start-up, and getting them back, are info.
   */
  private logChange(down: string): void {
    if (this.probed && down === this.lastDown) return;
    this.probed = true;
    this.lastDown = down;
    if (down === '') {
      this.everReady = true;
      this.logger.log('ready: every dependency answers');
    } else if (this.everReady) this.logger.warn(`not ready: ${down} unavailable`);
    else this.logger.log(`not ready yet: ${down} unavailable`);
  }

  private async check(): Promise<HealthChecks> {
    const [ingestion, alerting, redis] = await Promise.all([
      this.probe(this.ingestion.ping()),
      this.probe(this.alerting.ping()),
      this.probe(this.redis.ping()),
    ]);
    return { ingestion, alerting, redis };
  }

  private probe(check: Promise<void>): Promise<CheckState> {
    return withTimeout(check, this.env.HEALTH_TIMEOUT_MS).then(
      () => 'up' as const,
      () => 'down' as const,
    );
  }
}
