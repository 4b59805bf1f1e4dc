import {
  AlertIdParamsSchema,
  DeviceKeyParamsSchema,
  PROBLEM_CODES,
  type Problem,
  type ProblemCode,
  problemTypeUri,
  SiteIdParamsSchema,
  WebhookIdParamsSchema,
} from '@emissions/contracts';
import type { z } from 'zod';
import type { ApiVersion } from '../request-context/request-id';
import { type ExampleObject, type HeaderObject, type ParameterObject, type RefObject, type ResponseObject, ref } from './openapi.types';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export const HEADERS = {
  RequestId: {
    description: 'The incoming X-Request-Id when it is 1..128 characters of [A-Za-z0-9._~:-], else a new UUID. On every response.',
    required: true,
    schema: { type: 'string', maxLength: 128 },
  },
  ApiVersion1: {
    description: 'The API version that served the request (unversioned /api paths are v1).',
    required: true,
    schema: { const: '1' },
  },
  ApiVersion2: { description: 'The API version that served the request.', required: true, schema: { const: '2' } },
  Location: {
    description: 'The URL of the created resource (a site: /api/v1/sites/{id}; a webhook: /api/v1/webhooks/{id}).',
    required: true,
    schema: { type: 'string' },
  },
  IdempotentReplayed: {
    description:
      'Present, `true`, when this is the stored answer of an earlier request with the same key and payload; nothing was written.',
    schema: { const: 'true' },
  },
  RetryAfter: { description: 'Seconds to wait before retrying.', required: true, schema: { type: 'integer', minimum: 0 } },
} satisfies Record<string, HeaderObject>;

export type HeaderName = keyof typeof HEADERS;

/** Header components by the HTTP header name they document. */
const HEADER_FIELD: Record<HeaderName, string> = {
  RequestId: 'X-Request-Id',
  ApiVersion1: 'API-Version',
  ApiVersion2: 'API-Version',
  Location: 'Location',
  IdempotentReplayed: 'Idempotent-Replayed',
  RetryAfter: 'Retry-After',
};

const keyDescription =
  '1 to 255 visible ASCII characters, scoped to the site. Same key and same (normalised) payload: the stored answer is replayed; same key and another payload: 422.';

export const PARAMETERS = {
  SiteId: { name: 'id', in: 'path', required: true, description: 'The site id.', schema: { type: 'string', format: 'uuid' } },
  KeyId: { name: 'keyId', in: 'path', required: true, description: 'The device key id.', schema: { type: 'string', format: 'uuid' } },
  AlertId: { name: 'id', in: 'path', required: true, description: 'The alert id.', schema: { type: 'string', format: 'uuid' } },
  WebhookId: { name: 'id', in: 'path', required: true, description: 'The webhook id.', schema: { type: 'string', format: 'uuid' } },
  IdempotencyKeyV1: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: `${keyDescription} When absent, the key is the SHA-256 of the canonical payload, so an identical retry is still recognised.`,
    schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,255}$' },
  },
  IdempotencyKeyV2: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description: `${keyDescription} Required (400 idempotency_key_invalid when missing or malformed).`,
    schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,255}$' },
  },
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Echoed in the response and the logs when safe; otherwise a new id is generated.',
    schema: { type: 'string', maxLength: 128 },
  },
} satisfies Record<string, ParameterObject>;

export type ParameterName = keyof typeof PARAMETERS;

/** The path parameters a route has, by the shared schema its @Param validates them with. */
export const PATH_PARAMETERS = new Map<z.ZodType, ParameterName[]>([
  [SiteIdParamsSchema, ['SiteId']],
  [DeviceKeyParamsSchema, ['SiteId', 'KeyId']],
  [AlertIdParamsSchema, ['AlertId']],
  [WebhookIdParamsSchema, ['WebhookId']],
]);

/** Problems after which the client is told when to come back. */
const RETRY_AFTER_CODES: ReadonlySet<ProblemCode> = new Set(['idempotency_request_in_progress', 'rate_limited', 'service_unavailable']);

/** The headers of a response: X-Request-Id always, API-Version under /api, plus the named ones. */
export function responseHeaders(version: ApiVersion | null, extra: HeaderName[] = []): Record<string, RefObject> {
  const names: HeaderName[] = [
    'RequestId',
    ...(version === null ? [] : ([version === 1 ? 'ApiVersion1' : 'ApiVersion2'] as const)),
    ...extra,
  ];
  return Object.fromEntries(names.map((name) => [HEADER_FIELD[name], ref('headers', name)]));
}

function exampleProblem(code: ProblemCode, instance: string): Problem {
  const { status, title } = PROBLEM_CODES[code];
  const base = {
    type: problemTypeUri(code),
    title,
    status,
    detail: title,
    instance,
    code,
    request_id: '0b5c7f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  };
  if (code !== 'validation_failed') return base;
  const errors = [{ path: 'readings[3].value', code: 'too_small', message: 'must be >= 0' }];
  return { ...base, detail: 'readings[3].value: must be >= 0', errors };
}

/** One response per status, each `application/problem+json` with the shared Problem schema and an example per code. */
export function problemResponses(codes: ProblemCode[], version: ApiVersion | null, path: string): Record<string, ResponseObject> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) byStatus.set(PROBLEM_CODES[code].status, [...(byStatus.get(PROBLEM_CODES[code].status) ?? []), code]);
  const responses: Record<string, ResponseObject> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const retry = group.some((code) => RETRY_AFTER_CODES.has(code));
    const examples = Object.fromEntries(
      group.map((code): [string, ExampleObject] => [code, { summary: PROBLEM_CODES[code].title, value: exampleProblem(code, path) }]),
    );
    responses[String(status)] = {
      description: group.map((code) => `\`${code}\`: ${PROBLEM_CODES[code].title}`).join('; '),
      headers: responseHeaders(version, retry ? ['RetryAfter'] : []),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: ref('schemas', 'Problem'), examples } },
    };
  }
  return responses;
}
