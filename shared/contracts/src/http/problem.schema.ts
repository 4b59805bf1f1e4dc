import { z } from 'zod';

export const PROBLEM_CODES = {
  validation_failed: { status: 400, title: 'Request body is invalid' },
  malformed_json: { status: 400, title: 'Request body is not valid JSON' },
  idempotency_key_invalid: { status: 400, title: 'Idempotency-Key header is missing or invalid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed for this credential' },
  site_not_found: { status: 404, title: 'Site not found' },
  api_key_not_found: { status: 404, title: 'API key not found' },
  route_not_found: { status: 404, title: 'Route not found' },
  alert_not_found: { status: 404, title: 'Alert not found' },
  webhook_not_found: { status: 404, title: 'Webhook not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed on this route' },
  site_name_taken: { status: 409, title: 'A site with this name already exists' },
  idempotency_request_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  alert_state_conflict: { status: 409, title: 'The alert cannot make this move from its current status' },
  site_has_readings: { status: 409, title: 'The site already has readings' },
  site_archived: { status: 409, title: 'The site is archived' },
  payload_too_large: { status: 413, title: 'Request body is too large' },
  unsupported_media_type: { status: 415, title: 'Request body must be application/json' },
  idempotency_key_reused: { status: 422, title: 'Idempotency-Key was already used with a different payload' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal error' },
  service_unavailable: { status: 503, title: 'Service temporarily unavailable' },
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export const ProblemCodeSchema = z.enum(Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]]);

export const FieldErrorSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, as every non-2xx response of the gateway carries them. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: ProblemCodeSchema,
  request_id: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export function problemTypeUri(code: ProblemCode): string {
  return `/problems/${code.replaceAll('_', '-')}`;
}

/** Joins a Zod issue path the way the contract writes it: `readings[3].value`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}
