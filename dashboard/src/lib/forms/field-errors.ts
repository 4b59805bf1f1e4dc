import { type FieldError, formatIssuePath } from '@emissions/contracts';

/** Messages keyed by contract path (`name`, `readings[3].value`); the first message per path wins. */
export type FieldErrorMap = Record<string, string>;

interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

export function fieldErrorsFromIssues(issues: readonly IssueLike[]): FieldErrorMap {
  const map: FieldErrorMap = {};
  for (const issue of issues) {
    const path = formatIssuePath(issue.path);
    map[path] ??= issue.message;
  }
  return map;
}

/** Server problem `errors` use the same path syntax as client-side issues, so both land on the same field. */
export function fieldErrorsFromProblem(errors: readonly FieldError[]): FieldErrorMap {
  const map: FieldErrorMap = {};
  for (const error of errors) map[error.path] ??= error.message;
  return map;
}

/** Errors that belong to no visible field (e.g. `readings` itself), shown above the form. */
export function formLevelErrors(map: FieldErrorMap, fieldPaths: (path: string) => boolean): string[] {
  return Object.entries(map)
    .filter(([path]) => !fieldPaths(path))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}
