import { randomUUID } from 'node:crypto';
import { baseUrl } from './browser';

/** The other client of the scenarios: plain HTTP from node, as a device or another team would call the API. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
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

export async function siteFigures(siteId: string): Promise<SiteFigures> {
  const m = await call('GET', `/api/v1/sites/${siteId}/metrics`);
  return {
    total_emissions_to_date: String(m.total_emissions_to_date),
    measurement_count: Number(m.measurement_count),
    batch_count: Number(m.batch_count),
  };
}

export async function postBatch(siteId: string, readings: Array<{ sensor_id: string; measured_at: string; value: string; unit: string }>) {
  return call('POST', '/api/v2/ingest', { site_id: siteId, readings }, { 'Idempotency-Key': randomUUID() });
}

/** A distinct past time per call, so that readings never collide on (sensor, time) across scenarios. */
let minutesBack = 10;
export function uniquePastTime(): string {
  minutesBack += 1;
  return `${new Date(Date.now() - minutesBack * 60_000).toISOString().slice(0, 19)}Z`;
}
