import { FeatureError } from './feature.error';

/**
 * The error's code and the driver's own message, for a log line. Query builders prefix the message with the
 * SQL and its parameters (`<query> - <message>`): that prefix, which can hold every value sent, is cut off.
 */
export function errorSummary(err: unknown): { error_code?: string; error: string } {
  if (err instanceof FeatureError) return { error_code: err.code, error: err.detail };
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const cut = message.lastIndexOf(' - ');
  return {
    ...(typeof e?.code === 'string' ? { error_code: e.code } : {}),
    error: (cut >= 0 ? message.slice(cut + 3) : message).slice(0, 300),
  };
}
