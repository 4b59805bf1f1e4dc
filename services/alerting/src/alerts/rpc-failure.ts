import type { RpcFailure } from '@emissions/contracts';
import { RpcException } from '@nestjs/microservices';
import { isDatabaseUnavailable } from '../database/database-failure';

/** The one place where alerting errors become RPC failures the gateway maps to problem details. */
export function toRpcException(err: unknown): RpcException {
  if (err instanceof RpcException) return err;
  const failure: RpcFailure = isDatabaseUnavailable(err)
    ? { code: 'service_unavailable', detail: 'The alerting database is unavailable; retry shortly.', retry_after_s: 2 }
    : { code: 'internal_error', detail: 'The alerting service failed to answer.' };
  return new RpcException(failure);
}

export function validationFailure(detail: string): RpcException {
  const failure: RpcFailure = { code: 'validation_failed', detail };
  return new RpcException(failure);
}
