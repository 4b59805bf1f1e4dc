import { PROBLEM_CODES, ProblemSchema, type ProblemCode, problemTypeUri } from '@emissions/contracts';
import { expect } from 'vitest';

export type HttpResult = { status: number; headers: Headers; body: unknown; text: string };

/** The operator key every test gateway is started with (gateway.harness.ts). */
export const TEST_OPERATOR_KEY = 'test-operator-key-0123456789abcdefghijklmnop';

/** The Authorization header of a key (the operator's by default). */
export const bearer = (key = TEST_OPERATOR_KEY) => ({ authorization: `Bearer ${key}` });

export type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  /** The API key to send: the test operator key by default; false sends no credential. */
  auth?: string | false;
};

/** fetch with the body read once, as JSON when it parses. Authenticated as the operator unless told otherwise. */
export async function http(baseUrl: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
  const credential = options.auth === false ? {} : bearer(options.auth);
  const headers: Record<string, string> = { ...credential, ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Asserts the RFC 9457 shape shared by every error and returns the body for further checks. */
export function problemOf(result: HttpResult): Record<string, unknown> {
  const type = result.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json'))
    throw new Error(`expected a problem, got ${result.status} ${type}: ${result.text.slice(0, 200)}`);
  return result.body as Record<string, unknown>;
}

/** Asserts a problem with `code`, its status and type, and a request_id matching X-Request-Id. */
export function expectProblem(result: HttpResult, code: ProblemCode, instance?: string) {
  const body = problemOf(result);
  expect(ProblemSchema.parse(body)).toMatchObject({ code, status: PROBLEM_CODES[code].status, type: problemTypeUri(code) });
  expect(result.status).toBe(PROBLEM_CODES[code].status);
  expect(body.request_id).toBe(result.headers.get('x-request-id'));
  if (instance) expect(body.instance).toBe(instance);
  // The contract: `errors` is present for validation failures, wherever they were found.
  if (code === 'validation_failed') expect(body.errors, JSON.stringify(body)).toEqual(expect.arrayContaining([expect.anything()]));
  return body;
}
