import { type FieldError, formatIssuePath, type ProblemCode } from '@emissions/contracts';
import type { z } from 'zod';
import { ProblemError } from './problem.error';

/** The contract code of an issue: shared schemas put it in `params.code`; otherwise Zod's own code. */
function issueCode(issue: z.core.$ZodIssue): string {
  const params: unknown = 'params' in issue ? issue.params : undefined;
  if (params && typeof params === 'object' && 'code' in params && typeof params.code === 'string') return params.code;
  return issue.code;
}

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), code: issueCode(issue), message: issue.message }));
}

/** `readings[3].value: must be >= 0`, plus how many more problems there are. */
export function summarizeFieldErrors(errors: FieldError[]): string {
  if (errors.length === 0) return 'The request is invalid';
  const [first] = errors;
  const head = first.path ? `${first.path}: ${first.message}` : first.message;
  return errors.length === 1 ? head : `${head} (and ${errors.length - 1} more)`;
}

export function problemFromZodError(error: z.ZodError, code: ProblemCode = 'validation_failed'): ProblemError {
  const errors = fieldErrorsOf(error);
  return new ProblemError(code, summarizeFieldErrors(errors), { errors });
}
