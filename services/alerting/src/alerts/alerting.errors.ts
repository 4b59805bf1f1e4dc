import type { ProblemCode } from '@emissions/contracts';

/** A refusal the caller can act on, with its contract code; the RPC adapter passes it on as it is. */
export class AlertingFailure extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
  ) {
    super(detail);
  }
}
