const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

type ErrorLike = { code?: unknown; name?: unknown; message?: unknown; detail?: unknown; cause?: unknown };

/** True when PostgreSQL cannot be reached or dropped the connection: callers should retry later. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const e = cur as ErrorLike;
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (e.name === 'KnexTimeoutError') return true;
    if (/Connection terminated|connection error|connect ECONNREFUSED|Timeout acquiring a connection/i.test(message)) return true;
    cur = e.cause;
  }
  return false;
}

/**
 * Text PostgreSQL refused to store (the shared schemas refuse it first; this is the backstop): NUL in text
 * (22021, or 08P01 "invalid message format" when the driver sends it as a parameter), \u0000 in jsonb (22P05),
 * an unpaired surrogate escape in jsonb (22P02 "Unicode …").
 */
export function isUnstorableText(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const e = cur as ErrorLike;
    const message = `${typeof e.message === 'string' ? e.message : ''} ${typeof e.detail === 'string' ? e.detail : ''}`;
    if (e.code === '22021' || e.code === '22P05') return true;
    if (e.code === '22P02' && /unicode|surrogate/i.test(message)) return true;
    if (e.code === '08P01' && /invalid message format/.test(message)) return true;
    cur = e.cause;
  }
  return false;
}
