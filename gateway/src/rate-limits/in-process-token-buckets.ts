import type { BucketSpec } from './bucket-spec';
import { ALLOWED, decisionFromWait, type RateDecision } from './rate-decision';

const MS_PER_MINUTE = 60_000;

type Level = { tokens: number; at: number };

/**
 * Token buckets held in this process: the same arithmetic as TOKEN_BUCKET_LUA (linear refill capped at the burst,
 * a refusal takes nothing) with no round trip. For limits that protect this replica's own CPU, where each replica
 * counting for itself is the point. At most `maxBuckets` are kept; past that the oldest is dropped (it comes back full,
 * which a client could also get by moving to a fresh address).
 */
export class InProcessTokenBuckets {
  private readonly levels = new Map<string, Level>();

  constructor(
    private readonly maxBuckets = 100_000,
    private readonly clock: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  take(bucket: BucketSpec): RateDecision {
    const cost = bucket.cost ?? 1;
    const ratePerMs = bucket.perMinute / MS_PER_MINUTE;
    const now = this.clock();
    const held = this.levels.get(bucket.key);
    const tokens = held ? Math.min(bucket.burst, held.tokens + Math.max(0, now - held.at) * ratePerMs) : bucket.burst;
    if (tokens < cost) return decisionFromWait(Math.max(1, Math.ceil((cost - tokens) / ratePerMs)));
    // Re-inserted so the Map's order is least recently charged first, which is what eviction drops.
    if (held) this.levels.delete(bucket.key);
    else if (this.levels.size >= this.maxBuckets) this.evictOldest();
    this.levels.set(bucket.key, { tokens: tokens - cost, at: now });
    return ALLOWED;
  }

  get size(): number {
    return this.levels.size;
  }

  private evictOldest(): void {
    const oldest = this.levels.keys().next();
    if (!oldest.done) this.levels.delete(oldest.value);
  }
}
