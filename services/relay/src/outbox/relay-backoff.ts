/**
 * Exponential backoff with "full jitter": a random delay in [min, min(max, min * 2^failures)], so that
 * several relays recovering from the same Redis outage do not retry in lockstep.
 */
export function relayBackoffMs(failures: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(failures - 1, 0), 20));
  return Math.round(minMs + random() * Math.max(ceiling - minMs, 0));
}
