import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type Shape, shapeDiff, shapeOf } from './golden.shape';
import type { HttpResult, RequestOptions } from './http';

const ScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What a golden step compares; `body` is a Shape (golden.shape.ts), checked by shapeDiff itself. */
const GoldenResponseSchema = z.strictObject({
  status: z.number().int(),
  content_type: z.string(),
  headers: z.array(z.string()),
  header_values: z.record(z.string(), z.string()),
  /** Exact values at dotted body paths: the contract's constants (problem code, status, type, title) and chosen counts. */
  values: z.record(z.string(), ScalarSchema),
  body: z.custom<Shape>(),
});
export type GoldenResponse = z.infer<typeof GoldenResponseSchema>;

const GoldenStepSchema = z.strictObject({
  name: z.string(),
  request: z.strictObject({
    method: z.enum(['GET', 'POST', 'DELETE']),
    path: z.string().startsWith('/'),
    headers: z.record(z.string(), z.string()).optional(),
    json: z.unknown().optional(),
    raw_body: z.string().optional(),
  }),
  /** Keeps the response body for `{{saved:NAME.field}}` in later steps. */
  save: z.string().optional(),
  response: GoldenResponseSchema.optional(),
});
export type GoldenStep = z.infer<typeof GoldenStepSchema>;

const GoldenCaseSchema = z.strictObject({ description: z.string(), recorded_from: z.string(), steps: z.array(GoldenStepSchema).min(1) });
export type GoldenCase = z.infer<typeof GoldenCaseSchema> & { file: string };

/** Contract headers whose presence is recorded; the absence of Idempotent-Replayed is part of an answer too. */
const CONTRACT_HEADERS = ['content-type', 'x-request-id', 'api-version', 'location', 'idempotent-replayed', 'retry-after', 'allow'];
const VALUE_HEADERS = ['api-version', 'idempotent-replayed', 'allow'];
const MEANINGFUL_ABSENCE = ['idempotent-replayed'];
const PROBLEM_CONSTANTS = ['code', 'status', 'type', 'title'];

export function loadGoldenCases(dir: string): GoldenCase[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ ...GoldenCaseSchema.parse(JSON.parse(readFileSync(join(dir, name), 'utf8'))), file: join(dir, name) }));
}

/** Writes the case back with its newly recorded responses; responses already recorded are never rewritten. */
export function saveGoldenCase({ file, ...golden }: GoldenCase): void {
  writeFileSync(file, `${JSON.stringify(golden, null, 2)}\n`);
}

/** Per-case values behind the placeholders, so a retry sends exactly what the first request sent. */
export class GoldenContext {
  private readonly memo = new Map<string, string>();
  private readonly saved = new Map<string, unknown>();

  save(name: string, body: unknown): void {
    this.saved.set(name, body);
  }

  /** Fills `{{unique}}`, `{{random:NAME}}`, `{{hours_ago:N}}`, `{{padding:BYTES}}` and `{{saved:NAME.field}}` in every string. */
  expand<T>(value: T): T {
    if (typeof value === 'string')
      return value.replace(/\{\{(\w+)(?::([^}]*))?\}\}/g, (_, kind: string, arg = '') => this.token(kind, arg)) as T;
    if (Array.isArray(value)) return value.map((v) => this.expand(v)) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.expand(v)])) as T;
    return value;
  }

  request(step: GoldenStep): { path: string; options: RequestOptions } {
    const { method, path, headers, json, raw_body } = step.request;
    const options: RequestOptions = { method, headers: this.expand(headers ?? {}) };
    if (json !== undefined) options.json = this.expand(json);
    if (raw_body !== undefined) options.body = raw_body;
    return { path: this.expand(path), options };
  }

  private token(kind: string, arg: string): string {
    const remember = (make: () => string): string => {
      const id = `${kind}:${arg}`;
      const value = this.memo.get(id) ?? make();
      this.memo.set(id, value);
      return value;
    };
    if (kind === 'unique') return remember(() => randomUUID().slice(0, 8));
    if (kind === 'random') return remember(() => randomUUID());
    if (kind === 'hours_ago') return remember(() => new Date(Date.now() - Number(arg) * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    if (kind === 'padding') return 'x'.repeat(Number(arg));
    if (kind === 'saved') return String(valueAt(this.saved.get(arg.split('.')[0]), arg.split('.').slice(1).join('.')));
    throw new Error(`unknown golden placeholder {{${kind}}}`);
  }
}

function valueAt(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? Reflect.get(node, key) : undefined), body);
}

const mediaTypeOf = (res: HttpResult) => (res.headers.get('content-type') ?? '').split(';')[0].trim();

/** Records what a fixture keeps of a response. */
export function observe(res: HttpResult): GoldenResponse {
  const present = (name: string) => res.headers.has(name);
  const isProblem = mediaTypeOf(res) === 'application/problem+json';
  return {
    status: res.status,
    content_type: mediaTypeOf(res),
    headers: CONTRACT_HEADERS.filter(present),
    header_values: Object.fromEntries(VALUE_HEADERS.filter(present).map((name) => [name, res.headers.get(name) ?? ''])),
    values: isProblem ? Object.fromEntries(PROBLEM_CONSTANTS.map((key) => [key, ScalarSchema.parse(valueAt(res.body, key))])) : {},
    body: shapeOf(res.body),
  };
}

/** Everything in which the response departs from the recording; empty when v1 is unchanged in shape. */
export function goldenDiff(expected: GoldenResponse, res: HttpResult): string[] {
  const diffs: string[] = [];
  if (res.status !== expected.status) diffs.push(`status: expected ${expected.status}, got ${res.status}`);
  if (mediaTypeOf(res) !== expected.content_type) diffs.push(`content-type: expected ${expected.content_type}, got ${mediaTypeOf(res)}`);
  for (const name of expected.headers) if (!res.headers.has(name)) diffs.push(`header ${name}: missing`);
  for (const name of MEANINGFUL_ABSENCE)
    if (!expected.headers.includes(name) && res.headers.has(name)) diffs.push(`header ${name}: unexpected`);
  for (const [name, value] of Object.entries(expected.header_values)) {
    if (res.headers.get(name) !== value) diffs.push(`header ${name}: expected ${value}, got ${res.headers.get(name)}`);
  }
  for (const [path, value] of Object.entries(expected.values)) {
    if (valueAt(res.body, path) !== value)
      diffs.push(`${path}: expected ${JSON.stringify(value)}, got ${JSON.stringify(valueAt(res.body, path))}`);
  }
  return [...diffs, ...shapeDiff(expected.body, res.body)];
}
