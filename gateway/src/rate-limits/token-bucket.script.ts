import type { Result } from 'ioredis';
import type { BucketSpec } from './bucket-spec';

/** Name under which the script is registered with ioredis `defineCommand` (EVALSHA, falling back to EVAL). */
export const TOKEN_BUCKET_COMMAND = 'takeRateLimitTokens';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** TOKEN_BUCKET_LUA: `numKeys` bucket keys, then 3 arguments per bucket. Resolves to 0 (allowed) or the wait in ms. */
    takeRateLimitTokens(numKeys: number, ...keysAndArgs: string[]): Result<number, Context>;
  }
}

/**
 * Checks and takes from several token buckets at once, all or nothing, on the server's clock (TIME) so that
 * every gateway replica agrees. KEYS[i]: a hash {tokens, at (ms)}. ARGV[3i-2]: capacity (burst);
 * ARGV[3i-1]: refill per ms; ARGV[3i]: cost (tokens taken, at least 1).
 * Returns 0 when every bucket had enough (and each cost was taken), else the longest wait in ms until the
 * refusing buckets have enough; a refusal takes nothing. A bucket absent from Redis is full, so the hash
 * expires once it would have refilled: idle buckets vanish. Buckets are only written when tokens are taken;
 * refill is linear and capped, so recomputing later from an older `at` gives the same level.
 */
export const TOKEN_BUCKET_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local levels = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[3 * i - 2])
  local rate = tonumber(ARGV[3 * i - 1])
  local need = tonumber(ARGV[3 * i])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = capacity
  if state[1] and state[2] then
    local elapsed = math.max(0, now - tonumber(state[2]))
    tokens = math.min(capacity, tonumber(state[1]) + elapsed * rate)
  end
  levels[i] = tokens
  if tokens < need then
    wait = math.max(wait, (need - tokens) / rate)
  end
end
if wait > 0 then
  return math.max(1, math.ceil(wait))
end
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[3 * i - 2])
  local rate = tonumber(ARGV[3 * i - 1])
  local tokens = levels[i] - tonumber(ARGV[3 * i])
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', key, math.max(1, math.ceil((capacity - tokens) / rate)))
end
return 0
`;

const MS_PER_MINUTE = 60_000;

/**
 * The arguments after `numKeys` for TOKEN_BUCKET_COMMAND: the keys, then capacity, refill per ms and cost
 * of each bucket. Throws on a spec no bucket could ever satisfy (a wiring mistake, not a client's fault).
 */
export function tokenBucketArguments(buckets: readonly BucketSpec[]): string[] {
  const keys = buckets.map((b) => b.key);
  if (new Set(keys).size !== keys.length) throw new RangeError(`rate limit buckets must have distinct keys: ${keys.join(', ')}`);
  const argv = buckets.flatMap((bucket) => {
    const cost = bucket.cost ?? 1;
    if (!bucket.key) throw new RangeError('rate limit bucket key must not be empty');
    if (!Number.isInteger(bucket.burst) || bucket.burst < 1) throw new RangeError(`${bucket.key}: burst must be a positive integer`);
    if (!(Number.isFinite(bucket.perMinute) && bucket.perMinute > 0)) throw new RangeError(`${bucket.key}: perMinute must be positive`);
    if (!(Number.isInteger(cost) && cost >= 1 && cost <= bucket.burst)) throw new RangeError(`${bucket.key}: cost must be 1 to burst`);
    return [String(bucket.burst), String(bucket.perMinute / MS_PER_MINUTE), String(cost)];
  });
  return [...keys, ...argv];
}
