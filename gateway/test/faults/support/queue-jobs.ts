import { OUTBOX_EVENTS_JOB } from '@emissions/contracts';
import { type JobType, Queue } from 'bullmq';
import IORedis from 'ioredis';

const PENDING: JobType[] = ['waiting', 'active', 'delayed', 'prioritized'];
/** A job the relay added moments ago is pending or among the newest finished ones (alerting may already have run it). */
const NEWEST_FINISHED = 100;

/** Looks into the run's BullMQ queue for the jobs that carry outbox events (the relay's `outbox.events` groups). */
export class QueueProbe {
  private constructor(
    private readonly redis: IORedis,
    private readonly queue: Queue,
  ) {}

  static open(redisUrl: string, queueName: string): QueueProbe {
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    return new QueueProbe(redis, new Queue(queueName, { connection: redis }));
  }

  /** How many of `eventIds` already have a job. Right after a relay dies, an unpublished row with a job is one it sent but never marked. */
  async eventsWithJobs(eventIds: string[]): Promise<number> {
    if (eventIds.length === 0) return 0;
    const queued = new Set<string>();
    const jobs = [
      ...(await this.queue.getJobs(PENDING)),
      ...(await this.queue.getJobs(['completed', 'failed'], 0, NEWEST_FINISHED - 1, false)),
    ];
    for (const job of jobs) {
      if (!job) continue;
      const data = job.data as { events?: Array<{ event_id?: string }>; event_id?: string };
      const events = job.name === OUTBOX_EVENTS_JOB ? (data.events ?? []) : [data];
      for (const e of events) if (typeof e?.event_id === 'string') queued.add(e.event_id);
    }
    return eventIds.filter((id) => queued.has(id)).length;
  }

  /** Resolves once any of `eventIds` has a job (the relay is publishing them), or after `timeoutMs`. */
  async waitForAnyJob(eventIds: string[], timeoutMs = 5000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) if ((await this.eventsWithJobs(eventIds)) > 0) return true;
    return false;
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
