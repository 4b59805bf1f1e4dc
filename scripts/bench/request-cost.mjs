// CPU each process spends per request, by kind of request, on the real stack (4 clients, one after another per
// kind): an unknown /api path (the gateway's floor: middleware, guards, the problem answer), a site read (one RPC),
// and a 100-reading ingest (the whole pipeline). From /proc/<pid>/stat before and after each kind.
// Usage: node scripts/bench/request-cost.mjs   (after `npm run build`; REQUEST_COST_N requests per kind, 1500)
import { readFileSync } from 'node:fs';
import { startStack, stopStack } from '../stack/stack.mjs';
import { bearer, createSites } from './ingest-driver.mjs';

const perKind = Number(process.env.REQUEST_COST_N ?? 1500);
const cpuMs = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const state = await startStack({ label: 'reqcost', extraEnv: { LOG_LEVEL: 'error' } });
try {
  const base = state.baseUrl;
  const auth = bearer(state.adminKey);
  const [site] = await createSites(base, state.adminKey, 1, 'reqcost');
  let seq = 0;
  const kinds = {
    'unknown /api path (404)': () => fetch(`${base}/api/v1/no-such-path`, { headers: auth }),
    'GET /api/v1/sites/{id}': () => fetch(`${base}/api/v1/sites/${site}`, { headers: auth }),
    'POST /api/v1/ingest (100 readings)': () => {
      const at = Date.parse('2026-06-01T00:00:00Z') + seq++ * 1000;
      const readings = Array.from({ length: 100 }, (_, i) => ({ sensor_id: `s${i}`, timestamp: new Date(at).toISOString(), value: '1.5' }));
      return fetch(`${base}/api/v1/ingest`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `reqcost-${seq}` },
        body: JSON.stringify({ site_id: site, readings }),
      });
    },
  };
  for (const [name, send] of Object.entries(kinds)) {
    const statuses = {};
    const run = async (n) => {
      let sent = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (sent++ < n) {
            const res = await send();
            await res.arrayBuffer();
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          }
        }),
      );
    };
    await run(200);
    const before = Object.fromEntries(Object.entries(state.services).map(([svc, s]) => [svc, cpuMs(s.pid)]));
    const started = Date.now();
    await run(perKind);
    const seconds = (Date.now() - started) / 1000;
    const cost = Object.entries(state.services).map(([svc, s]) => `${svc}=${((cpuMs(s.pid) - before[svc]) / perKind).toFixed(2)}`);
    console.log(
      `${name.padEnd(36)} ${(perKind / seconds).toFixed(0)} req/s, CPU ms per request: ${cost.join(' ')}  statuses ${JSON.stringify(statuses)}`,
    );
  }
} finally {
  await stopStack(state);
}
