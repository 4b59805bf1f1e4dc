import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';

/** The gateway's Redis connection (readiness today; the live stream may share it later). */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisClient.name);
  private lastError: string | null = null;
  private closing = false;
  readonly redis: Redis;

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {
    this.redis = new Redis(env.REDIS_URL, {
      lazyConnect: true,
      // No offline queue: commands never pile up while Redis is away; ping() bounds its own wait.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: env.HEALTH_TIMEOUT_MS,
    });
    // ioredis reconnects by itself; log each distinct error once rather than on every retry.
    this.redis.on('error', (err: Error) => {
      if (!this.closing && err.message !== this.lastError) this.logger.warn(`redis: ${err.message}`);
      this.lastError = err.message;
    });
    this.redis.on('ready', () => {
      this.lastError = null;
    });
    this.redis.connect().catch(() => undefined);
  }

  /** PING; while (re)connecting it waits for the connection up to HEALTH_TIMEOUT_MS rather than failing at once. */
  async ping(): Promise<void> {
    if (this.redis.status !== 'ready') await once(this.redis, 'ready', { signal: AbortSignal.timeout(this.env.HEALTH_TIMEOUT_MS) });
    const reply = await this.redis.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${reply}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
