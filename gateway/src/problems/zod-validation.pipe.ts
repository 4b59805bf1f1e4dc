import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { problemFromZodError } from './zod-problem';

/**
 * Parses a controller argument with a shared schema; a failure becomes a 400 validation_failed problem.
 * `plain`, for a hot body, is the contract's own loop over the schema's field rules (e.g.
 * `plainIngestV1Request`): its result is used when it accepts, and the schema decides everything else.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  /** Public: the OpenAPI document reads a route's request schemas from its pipes. */
  constructor(
    readonly schema: S,
    private readonly plain?: (value: unknown) => z.output<S> | undefined,
  ) {}

  transform(value: unknown): z.output<S> {
    const accepted = this.plain?.(value);
    if (accepted !== undefined) return accepted;
    const result = this.schema.safeParse(value);
    if (!result.success) throw problemFromZodError(result.error);
    return result.data;
  }
}
