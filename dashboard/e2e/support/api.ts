import { randomUUID } from 'node:crypto';
import { baseUrl } from './browser';

/** The stack's operator key (scripts/e2e.mjs passes the one it started the gateway with). */
export function adminKey(): string {
  const key = process.env.E2E_ADMIN_API_KEY;
  if (!key) throw new Error('Set E2E_ADMIN_API_KEY to the operator key (ADMIN_API_KEY) of the running stack');
  return key;
}

export interface RawAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One HTTP request from node with exactly the headers given: for the scenarios that check who may do what. */
export async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The other client of the scenarios: plain HTTP from node with the operator key, as another team would call the API. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const answer = await send(method, path, body, { Authorization: `Bearer ${adminKey()}`, ...headers });
  if (answer.status >= 400) throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface SiteFigures {
  total_emissions_to_date: string;
  measurement_count: number;
  batch_count: number;
}

export async function createSite(name: string, emissionLimit: string): Promise<string> {
  const site = await call('POST', '/api/v1/sites', { name, emission_limit: emissionLimit });
  return String(site.id);
}

/** Every site name the API knows, read with the operator key. */
export async function siteNames(): Promise<string[]> {
  const names: string[] = [];
  let cursor: unknown;
  do {
    const page = await call('GET', `/api/v1/sites?limit=500${cursor ? `&cursor=${encodeURIComponent(String(cursor))}` : ''}`);
    names.push(...(page.data as Array<{ name: string }>).map((s) => s.name));
    cursor = page.next_cursor;
  } while (cursor);
  return names;
}

export async function siteFigures(siteId: string): Promise<SiteFigures> {
  const m = await call('GET', `/api/v1/sites/${siteId}/metrics`);
  return {
    total_emissions_to_date: String(m.total_emissions_to_date),
    measurement_count: Number(m.measurement_count),
    batch_count: Number(m.batch_count),
  };
}

export type Reading = { sensor_id: string; measured_at: string; value: string; unit: string };

export async function postBatch(siteId: string, readings: Reading[]) {
  return call('POST', '/api/v2/ingest', { site_id: siteId, readings }, { 'Idempotency-Key': randomUUID() });
}

/** One JSON page of a site's stored readings, oldest first (the export the API offers other systems). */
export async function storedReadings(siteId: string): Promise<Array<Record<string, unknown>>> {
  const page = await call('GET', `/api/v1/sites/${siteId}/readings?format=json&limit=1000`);
  return page.data as Array<Record<string, unknown>>;
}

/** A batch sent as a device would send it, with its own key; the answer is returned whatever it is. */
export function postBatchWithKey(key: string, siteId: string, readings: Reading[]): Promise<RawAnswer> {
  return send('POST', '/api/v2/ingest', { site_id: siteId, readings }, { Authorization: `Bearer ${key}`, 'Idempotency-Key': randomUUID() });
}

/**
 * How many times the gateway has answered `method route` with each status, from its Prometheus histogram:
 * the server's own account of requests whose answer a browser page may not read.
 */
export async function answeredStatuses(method: string, route: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl()}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, labels, value] of text.matchAll(/^http_request_duration_seconds_count\{([^}]*)\} (\d+)/gm)) {
    const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1];
    if (label('method') === method && label('route') === route) counts[label('status') ?? '?'] = Number(value);
  }
  return counts;
}

/** A distinct past time per call, so that readings never collide on (sensor, time) across scenarios. */
let minutesBack = 10;
export function uniquePastTime(): string {
  minutesBack += 1;
  return `${new Date(Date.now() - minutesBack * 60_000).toISOString().slice(0, 19)}Z`;
}
