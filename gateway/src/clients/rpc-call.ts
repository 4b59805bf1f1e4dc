import type { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import type { z } from 'zod';
import { ProblemError } from '../problems/problem.error';
import { problemFromRpcError } from './rpc-failure';

export type RpcTarget = { proxy: ClientProxy; logger: Logger; service: string };

/** `quiet`: a failure is an expected answer (a readiness probe while a service is down), logged at debug only. */
export type CallOptions = { quiet?: boolean };

/**
 * One request/response call to a service: transport failures and service failures leave as a
 * ProblemError, and an answer outside the shared schema is an internal error, never passed on.
 */
export async function callService<S extends z.ZodType>(
  target: RpcTarget,
  pattern: string,
  payload: unknown,
  schema: S,
  timeoutMs: number,
  { quiet = false }: CallOptions = {},
): Promise<z.output<S>> {
  let answer: unknown;
  try {
    answer = await firstValueFrom(target.proxy.send<unknown>(pattern, payload).pipe(timeout(timeoutMs)));
  } catch (error) {
    const problem = problemFromRpcError(error);
    if (problem.status >= 500) {
      const failed = { err: error, pattern };
      if (quiet) target.logger.debug(failed, `${target.service} call failed: ${problem.code}`);
      else target.logger.warn(failed, `${target.service} call failed: ${problem.code}`);
    }
    throw problem;
  }
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    target.logger.error({ pattern, issues: parsed.error.issues }, `${target.service} service answered outside the contract`);
    throw new ProblemError('internal_error', `The ${target.service} service gave an invalid answer`);
  }
  return parsed.data;
}
