/** The answer to a rate-limit check; a refusal says how many whole seconds to wait (for Retry-After). */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number };

export const ALLOWED: RateDecision = Object.freeze({ allowed: true });

/** Maps the token-bucket script's reply (0 = allowed, else the wait in ms) to a decision; Retry-After is at least 1 s. */
export function decisionFromWait(waitMs: number): RateDecision {
  if (!Number.isFinite(waitMs)) throw new TypeError(`unexpected token-bucket reply ${waitMs}`);
  return waitMs <= 0 ? ALLOWED : { allowed: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
}
