// @ts-check
// Drives a running stack from the host, through the gateway's published port only, as a client would: readiness, the
// dashboard, a site, an ingest and its replay, the site's metrics, Prometheus metrics, and an alert after the limit
// is crossed (which needs the whole pipeline: outbox, relay, BullMQ, alerting).
import { randomUUID } from 'node:crypto';
import { waitFor } from './process-runner.mjs';

/**
 * @param {string} base e.g. http://127.0.0.1:39180
 * @param {string} operatorKey
 */
export function gatewayClient(base, operatorKey) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {{ body?: unknown, headers?: Record<string, string>, auth?: boolean }} [options]
   */
  async function request(method, path, options = {}) {
    const headers = { ...(options.headers ?? {}) };
    if (options.auth !== false) headers.authorization = `Bearer ${operatorKey}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    /** @type {any} */
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
  return { request };
}

/**
 * @param {boolean} condition
 * @param {string} message
 */
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Decimal strings compared as numbers of micro-kilograms (6 fractional digits, the precision masses are kept at). */
function micro(/** @type {string} */ decimal) {
  const [whole, frac = ''] = String(decimal).split('.');
  return BigInt(whole) * 1_000_000n + BigInt(`${frac}000000`.slice(0, 6));
}

/** @param {ReturnType<typeof gatewayClient>} client */
export async function expectReady(client, timeoutMs = 60_000) {
  await waitFor(
    async () => {
      const r = await client.request('GET', '/health/ready', { auth: false });
      if (r.status !== 200) throw new Error(`/health/ready answered ${r.status}: ${r.text.slice(0, 200)}`);
      return true;
    },
    { timeoutMs, what: 'GET /health/ready to answer 200' },
  );
}

/**
 * Every check, in order; each returns a line for the log. Throws on the first failure with what was expected.
 * @param {ReturnType<typeof gatewayClient>} client
 * @param {(line: string) => void} log
 */
export async function driveStack(client, log) {
  await expectReady(client);
  log('GET /health/ready → 200 (ingestion, alerting, redis up)');

  const page = await client.request('GET', '/', { auth: false });
  expect(
    page.status === 200 && /text\/html/.test(page.headers.get('content-type') ?? ''),
    `GET / answered ${page.status} ${page.headers.get('content-type')}`,
  );
  expect(/<html/i.test(page.text), 'GET / is not an HTML page');
  log('GET / → 200 text/html (the dashboard)');

  const site = await client.request('POST', '/api/v1/sites', { body: { name: `compose test ${randomUUID()}`, emission_limit: '10' } });
  expect(site.status === 201, `POST /api/v1/sites answered ${site.status}: ${site.text.slice(0, 300)}`);
  const siteId = site.json.id;
  log(`POST /api/v1/sites → 201 (site ${siteId}, limit 10 kg)`);

  const at = new Date(Date.now() - 60_000).toISOString();
  const first = { site_id: siteId, readings: [{ timestamp: at, value: '4.5', sensor_id: 'compose-1' }] };
  const ingest = (/** @type {string} */ key, /** @type {unknown} */ body) =>
    client.request('POST', '/api/v1/ingest', { body, headers: { 'idempotency-key': key } });
  const a = await ingest('compose-test-1', first);
  expect(a.status === 201, `POST /api/v1/ingest answered ${a.status}: ${a.text.slice(0, 300)}`);
  expect(
    micro(a.json.total_emissions_to_date) === micro('4.5'),
    `total after the first batch is ${a.json.total_emissions_to_date}, expected 4.5`,
  );
  log('POST /api/v1/ingest → 201 (total 4.5 kg)');

  const replay = await ingest('compose-test-1', first);
  expect(
    replay.status === 201 && replay.headers.get('idempotent-replayed') === 'true',
    `the retry answered ${replay.status} without Idempotent-Replayed: true`,
  );
  expect(replay.json.batch_id === a.json.batch_id, 'the retry answered another batch id');
  log('the same request with the same Idempotency-Key → 201, Idempotent-Replayed: true, same batch');

  const metrics = await client.request('GET', `/api/v1/sites/${siteId}/metrics`);
  expect(metrics.status === 200, `GET metrics answered ${metrics.status}`);
  expect(
    micro(metrics.json.total_emissions_to_date) === micro('4.5') && metrics.json.measurement_count === 1,
    `metrics after the replay: total ${metrics.json.total_emissions_to_date}, ${metrics.json.measurement_count} readings (expected 4.5 and 1: the replay wrote nothing)`,
  );
  log('GET /api/v1/sites/{id}/metrics → total 4.5 kg, 1 reading (the replay wrote nothing)');

  const prom = await client.request('GET', '/metrics');
  expect(
    prom.status === 200 && /ingest_requests_total\{[^}]*outcome="replayed"/.test(prom.text),
    `GET /metrics answered ${prom.status} without ingest_requests_total{outcome="replayed"}`,
  );
  log('GET /metrics → 200, ingest_requests_total counts the replay');

  const crossing = await ingest('compose-test-2', { site_id: siteId, readings: [{ timestamp: at, value: '6', sensor_id: 'compose-2' }] });
  expect(
    crossing.status === 201 && crossing.json.compliance_status === 'Limit Exceeded',
    `the crossing batch answered ${crossing.status} ${crossing.json?.compliance_status}`,
  );
  const alerts = await waitFor(
    async () => {
      const r = await client.request('GET', `/api/v1/alerts?site_id=${siteId}`);
      return r.status === 200 && r.json.data.length > 0 ? r.json.data : undefined;
    },
    { timeoutMs: 60_000, what: 'the limit_exceeded alert (outbox → relay → queue → alerting)' },
  );
  expect(alerts.length === 1 && alerts[0].type === 'limit_exceeded', `expected one limit_exceeded alert, got ${JSON.stringify(alerts)}`);
  log('crossing the limit (10.5 kg > 10 kg) → exactly one limit_exceeded alert');
  return { siteId, ingest, at };
}

/**
 * After a service came back: the pipeline still writes, totals stay exact, and no second alert appears.
 * @param {ReturnType<typeof gatewayClient>} client
 * @param {Awaited<ReturnType<typeof driveStack>>} state
 * @param {string} key
 * @param {string} expectedTotal
 */
export async function expectStillWorking(client, state, key, expectedTotal) {
  const r = await state.ingest(key, { site_id: state.siteId, readings: [{ timestamp: state.at, value: '1', sensor_id: key }] });
  expect(r.status === 201, `ingest after the restart answered ${r.status}: ${r.text.slice(0, 300)}`);
  expect(
    micro(r.json.total_emissions_to_date) === micro(expectedTotal),
    `total after the restart is ${r.json.total_emissions_to_date}, expected ${expectedTotal}`,
  );
  const alerts = await client.request('GET', `/api/v1/alerts?site_id=${state.siteId}`);
  expect(alerts.status === 200 && alerts.json.data.length === 1, `expected still one alert, got ${alerts.text.slice(0, 300)}`);
}
