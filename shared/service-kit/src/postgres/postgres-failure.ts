/**
 * What a PostgreSQL (node-postgres, Knex, MikroORM) error means for the caller, read from the error and its
 * `cause` chain: the drivers wrap each other, so the SQLSTATE may sit a few levels down.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
/** Messages of a lost or unobtainable connection that carry no code (pool, Knex and pg client wording). */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|connect ECONNREFUSED|Timeout acquiring a connection|Transaction query already complete|Client was closed|Connection ended unexpectedly/i;
/** Retrying the whole transaction is safe and expected for these (deadlock, serialization). */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
const LOCK_NOT_AVAILABLE = '55P03';

type ErrorLike = { code?: unknown; name?: unknown; message?: unknown; detail?: unknown; cause?: unknown; where?: unknown };

function causeChain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = err;
  while (cur && typeof cur === 'object' && out.length < 5) {
    out.push(cur as ErrorLike);
    cur = (cur as ErrorLike).cause;
  }
  return out;
}

export function isRetryableTransactionError(err: unknown): boolean {
  return causeChain(err).some((e) => typeof e.code === 'string' && RETRYABLE_SQLSTATES.has(e.code));
}

export function isLockTimeout(err: unknown): boolean {
  return causeChain(err).some((e) => e.code === LOCK_NOT_AVAILABLE);
}

/** A lock timeout while waiting on a row or key of `table` (PostgreSQL names it in the error's context). */
export function isLockTimeoutOn(err: unknown, table: string): boolean {
  return causeChain(err).some(
    (e) => e.code === LOCK_NOT_AVAILABLE && typeof e.where === 'string' && e.where.includes(`relation "${table}"`),
  );
}

/** True when PostgreSQL cannot be reached or dropped the connection: the client should retry later (503). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return causeChain(err).some((e) => {
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
    if (e.name === 'KnexTimeoutError') return true;
    return UNAVAILABLE_MESSAGE.test(typeof e.message === 'string' ? e.message : '');
  });
}

/**
 * Text PostgreSQL refused to store (the shared schemas refuse it first; this is the backstop): NUL in text
 * (22021, or 08P01 "invalid message format" when the driver sends it as a parameter), \u0000 in jsonb (22P05),
 * an unpaired surrogate escape in jsonb (22P02 "Unicode …").
 */
export function isUnstorableText(err: unknown): boolean {
  return causeChain(err).some((e) => {
    const message = `${typeof e.message === 'string' ? e.message : ''} ${typeof e.detail === 'string' ? e.detail : ''}`;
    if (e.code === '22021' || e.code === '22P05') return true;
    if (e.code === '22P02') return /unicode|surrogate/i.test(message);
    return e.code === '08P01' && /invalid message format/.test(message);
  });
}

export const UNSTORABLE_TEXT_DETAIL = 'A text value contains characters that cannot be stored (NUL or an unpaired UTF-16 surrogate).';
