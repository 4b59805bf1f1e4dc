// The load both benchmarks use: C clients, each sending 100-reading v1 batches round-robin over the
// given sites for D seconds, retrying a share of batches with the same key (which must replay). Every
// request carries the stack's operator key, so authentication and rate limiting are in the figures.

import http from 'node:http';

/** The credential header of the operator key (`state.adminKey` of a stack). */
export const bearer = (adminKey) => ({ authorization: `Bearer ${adminKey}` });

// node:http with a keep-alive agent, not fetch: the load generator shares the engine's two cores, and undici's
// fetch spent about twice the CPU per request here (see docs/benchmarks.md).
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function post(baseUrl, adminKey, path, body, headers = {}) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...bearer(adminKey),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode,
              replayed: res.headers['idempotent-replayed'] === 'true',
              body: text ? JSON.parse(text) : null,
            });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** `settings` are added to each site's create body (an `annual_limit`, say). */
export async function createSites(baseUrl, adminKey, count, prefix, settings = {}) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const body = { name: `${prefix}-${i}-${Date.now()}`, emission_limit: '1000000000', ...settings };
    const r = await post(baseUrl, adminKey, '/api/v1/sites', body);
    if (r.status !== 201) throw new Error(`creating a site answered ${r.status}: ${JSON.stringify(r.body)}`);
    ids.push(r.body.id);
  }
  return ids;
}

export function quantile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export async function driveIngest({
  baseUrl,
  adminKey,
  /** Per-site credential (device keys); the operator key when absent. */
  keyFor = () => adminKey,
  siteIds,
  clients,
  seconds,
  retryRate,
  startAt = Date.parse('2026-06-01T00:00:00Z'),
  onAccepted,
  /** 'mass': v1 masses of 1.5 kg; 'rates': v2 kg/h over 90 s (1.5 kg each), 1 in 50 at a super-emitter rate. */
  readingKind = 'mass',
}) {
  const latencies = [];
  // refused: 401/403/429, a credential or rate-limit problem of the benchmark itself, never expected.
  const totals = { requests: 0, accepted: 0, replayed: 0, serverErrors: 0, refused: 0, otherErrors: 0, readings: 0 };
  const deadline = Date.now() + seconds * 1000;
  const start = Date.now();
  let seq = 0;
  const send = async (siteId, readings, key) => {
    const t0 = performance.now();
    const path = readingKind === 'rates' ? '/api/v2/ingest' : '/api/v1/ingest';
    const r = await post(baseUrl, keyFor(siteId), path, { site_id: siteId, readings }, { 'Idempotency-Key': key }).catch(() => ({
      status: 0,
    }));
    latencies.push(performance.now() - t0);
    totals.requests++;
    if (r.status === 201 && r.replayed) totals.replayed++;
    else if (r.status === 201) {
      totals.accepted++;
      totals.readings += r.body.readings_accepted;
      onAccepted?.(r.body, Date.now());
    } else if (r.status >= 500 || r.status === 0) totals.serverErrors++;
    else if ([401, 403, 429].includes(r.status)) totals.refused++;
    else totals.otherErrors++;
  };
  const runId = Math.random().toString(36).slice(2, 8);
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let b = 0; Date.now() < deadline; b++) {
        const siteId = siteIds[(c + b) % siteIds.length];
        const t = startAt + (seq++ % 1e7) * 1000;
        const readings = Array.from({ length: 100 }, (_, i) =>
          readingKind === 'rates'
            ? {
                // One sensor per client and slot, so a sensor's rates follow each other and can form events.
                sensor_id: `r${runId}-c${c}-s${i}`,
                measured_at: new Date(t).toISOString(),
                value: (b * 100 + i) % 50 === 0 ? '150' : '60',
                unit: 'kg/h',
                duration_s: 90,
              }
            : { timestamp: new Date(t).toISOString(), value: '1.5', sensor_id: `r${runId}-c${c}-s${i}` },
        );
        const key = `bench-${runId}-${c}-${b}`;
        await send(siteId, readings, key);
        if (Math.random() < retryRate) await send(siteId, readings, key);
      }
    }),
  );
  const elapsed = (Date.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ...totals,
    readingsPerSecond: totals.readings / elapsed,
    batchesPerSecond: totals.accepted / elapsed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}
