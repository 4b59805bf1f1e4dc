import { formatIssuePath } from '@emissions/contracts';
import type { z } from 'zod';
import { FeatureError } from './feature.error';

/**
 * RPC payloads are parsed with the shared schemas too: the gateway is not the only possible caller. A mismatch
 * is validation_failed naming the first field at fault; a missing payload is parsed as `{}`.
 */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown): z.output<T> {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new FeatureError('validation_failed', `${formatIssuePath(first.path) || 'payload'}: ${first.message}`);
}
