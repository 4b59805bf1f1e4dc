import type { z } from 'zod';

export type EnvironmentCheck<T> = (env: T) => { variable: string; problem: string } | null;

/**
 * Parses a process's environment with its schema once, at boot, and lists every bad variable in one error:
 * a misconfigured process then fails at once and plainly, not later on a typo. `checks` run on a parsed
 * environment for rules that span variables (e.g. production refuses the development secret).
 */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  source: NodeJS.ProcessEnv,
  heading: string,
  checks: EnvironmentCheck<z.output<S>>[] = [],
): z.output<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`${heading}:\n${lines.join('\n')}`);
  }
  const refusals = checks.map((check) => check(parsed.data)).filter((r) => r !== null);
  if (refusals.length) throw new Error(`${heading}:\n${refusals.map((r) => `  ${r.variable}: ${r.problem}`).join('\n')}`);
  return parsed.data;
}
