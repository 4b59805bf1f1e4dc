import { bullJobKey, outboxJobId } from '@emissions/contracts';
import IORedis from 'ioredis';

/** Looks into the run's BullMQ queue (default `bull` prefix) for the jobs of outbox events (`outbox-<id>`). */
export class QueueProbe {
  private constructor(
    private readonly redis: IORedis,
    private readonly queueName: string,
  ) {}

  static open(redisUrl: string, queueName: string): QueueProbe {
    return new QueueProbe(new IORedis(redisUrl, { maxRetriesPerRequest: 1 }), queueName);
  }

  /** How many of `eventIds` already have a job. Right after a relay dies, an unpublished row with a job is one it sent but never marked. */
  async eventsWithJobs(eventIds: string[]): Promise<number> {
    if (eventIds.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const id of eventIds) pipeline.exists(bullJobKey(this.queueName, outboxJobId(id)));
    const results = (await pipeline.exec()) ?? [];
    return results.filter(([error, exists]) => !error && exists === 1).length;
  }

  /** Resolves once any of `eventIds` has a job (the relay is publishing them), or after `timeoutMs`. */
  async waitForAnyJob(eventIds: string[], timeoutMs = 5000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) if ((await this.eventsWithJobs(eventIds)) > 0) return true;
    return false;
  }

  close(): void {
    this.redis.disconnect();
  }
}
