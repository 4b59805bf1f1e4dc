import type { RpcFailure } from '@emissions/contracts';
import { z } from 'zod';
import { RpcException } from '@nestjs/microservices';
import { isDatabaseUnavailable, isUnstorableText } from '../database/database-failure';
import { AlertingFailure } from './alerting.errors';

/** The one place where alerting errors become RPC failures the gateway maps to problem details. */
export function toRpcException(err: unknown): RpcException {
  if (err instanceof RpcException) return err;
  if (err instanceof AlertingFailure) return new RpcException({ code: err.code, detail: err.message } satisfies RpcFailure);
  if (isUnstorableText(err))
    return validationFailure('A text value contains characters that cannot be stored (NUL or an unpaired UTF-16 surrogate).');
  const failure: RpcFailure = isDatabaseUnavailable(err)
    ? { code: 'service_unavailable', detail: 'The alerting database is unavailable; retry shortly.', retry_after_s: 2 }
    : { code: 'internal_error', detail: 'The alerting service failed to answer.' };
  return new RpcException(failure);
}

export function validationFailure(detail: string): RpcException {
  const failure: RpcFailure = { code: 'validation_failed', detail };
  return new RpcException(failure);
}

/** Parses an RPC payload with its shared schema; a mismatch is validation_failed with Zod's explanation. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) throw validationFailure(z.prettifyError(parsed.error));
  return parsed.data;
}

/** Runs a handler for an RPC answer, turning whatever it throws into the RPC failure the gateway maps. */
export async function answerRpc<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toRpcException(err);
  }
}
