import type { ProblemCode } from '@emissions/contracts';

/** A business outcome with a stable contract code; the RPC edge passes it on, never a transport detail. */
export class FeatureError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly retryAfterS?: number,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'FeatureError';
  }
}
