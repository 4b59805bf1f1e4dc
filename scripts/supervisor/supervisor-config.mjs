// The supervisor's settings, from the environment, validated once (same rule as every service's config/env.ts).
import { z } from 'zod';

export const SupervisorEnvSchema = z.object({
  /** First restart delay; doubled for each further exit within the crash-loop window. */
  SUPERVISOR_BACKOFF_MIN_MS: z.coerce.number().int().min(1).default(250),
  SUPERVISOR_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(10_000),
  /** This many exits of one service within the window stop the whole stack. */
  SUPERVISOR_CRASH_LOOP_EXITS: z.coerce.number().int().min(1).default(5),
  SUPERVISOR_CRASH_LOOP_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How long services get to finish in-flight work on Ctrl-C before they are killed. */
  SUPERVISOR_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** The supervisor's own Prometheus endpoint (restarts per service); 0 disables it. */
  SUPERVISOR_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9466),
  SUPERVISOR_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

/** @returns {z.infer<typeof SupervisorEnvSchema>} */
export function loadSupervisorConfig(source = process.env) {
  const parsed = SupervisorEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment for the supervisor:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
