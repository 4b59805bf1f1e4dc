import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { problemFromZodError } from './zod-problem';

/** Parses a controller argument with a shared schema; a failure becomes a 400 validation_failed problem. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  /** Public: the OpenAPI document reads a route's request schemas from its pipes. */
  constructor(readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw problemFromZodError(result.error);
    return result.data;
  }
}
