import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import IORedis from 'ioredis';
import { RELAY_ENV, type RelayEnv } from '../config/env';

/**
 * What is wrong, for a broker that must not lose queued events, with a Redis configured so (CONFIG GET output).
 * Empty when it keeps an append-only file and never evicts keys.
 */
export function redisDurabilityProblems(config: Record<string, string>): string[] {
  const problems: string[] = [];
  if (config['appendonly'] !== 'yes')
    problems.push(`appendonly is "${config['appendonly'] ?? 'unknown'}" (a restart loses every queued job; want "yes")`);
  if (config['maxmemory-policy'] !== 'noeviction')
    problems.push(
      `maxmemory-policy is "${config['maxmemory-policy'] ?? 'unknown'}" (a full Redis may evict queued jobs; want "noeviction")`,
    );
  return problems;
}

/**
 * Reads (never changes) the configuration of the Redis the queue lives in at start-up and warns when it can lose
 * queued events. Nothing is lost for good either way, the reconciler requeues what alerting never processed,
 * but alerts then come one grace period late.
 */
@Injectable()
export class RedisDurabilityCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(RedisDurabilityCheck.name);

  constructor(@Inject(RELAY_ENV) private readonly env: RelayEnv) {}

  onApplicationBootstrap(): void {
    void this.check();
  }

  async check(): Promise<string[] | undefined> {
    const redis = new IORedis(this.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const config: Record<string, string> = {};
      for (const key of ['appendonly', 'maxmemory-policy']) {
        const [, value] = (await redis.config('GET', key)) as string[];
        if (value !== undefined) config[key] = value;
      }
      const problems = redisDurabilityProblems(config);
      if (problems.length > 0)
        this.logger.warn(
          `Redis at ${redactedUrl(this.env.REDIS_URL)} can lose queued events: ${problems.join('; ')}. The reconciler requeues them after RECONCILE_GRACE_S; see docs/operations.md "Production notes".`,
        );
      return problems;
    } catch (err) {
      // Managed Redis often disables CONFIG: say we could not tell, once.
      this.logger.log(`could not read the Redis configuration (${(err as Error).message}); durability not checked`);
      return undefined;
    } finally {
      redis.disconnect();
    }
  }
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
