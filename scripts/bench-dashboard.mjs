// Dashboard benchmark (not a test): a real stack with BENCH_SITES sites (default 5,000, inserted with one
// INSERT … generate_series), Debian's Chromium signed in as the operator, then the overview opened cold.
// Prints the API requests the open made, the time from navigation to the first rows, the JavaScript bytes the
// overview loaded (compressed as sent and decoded), and the time from a batch's 201 to its row's new total.
// Budgets (issue): ≤ 3 API requests, rows within 1 s, ≤ 150 KB of JS (gzip), a live update within 1 s.
import { randomUUID } from 'node:crypto';
import { startStack, stopStack } from './stack/stack.mjs';

const SITES = Number(process.env.BENCH_SITES ?? 5000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { chromium } = await import('playwright-core');
const { default: pg } = await import('pg');

const state = await startStack({ label: 'benchdash' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic'],
});
try {
  const db = new pg.Client({ connectionString: state.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO sites (id, name, emission_limit, metadata)
     SELECT gen_random_uuid(), 'Bench site ' || lpad(g::text, 5, '0'), 1000 + g, jsonb_build_object('basin', 'B' || (g % 7))
     FROM generate_series(1, $1) g`,
    [SITES],
  );
  const { rows } = await db.query(`SELECT id, name FROM sites ORDER BY name LIMIT 1`);
  await db.end();
  const watched = rows[0];

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: state.baseUrl });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Operator key').fill(state.adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.goto('about:blank');

  const api = [];
  page.on('request', (r) => new URL(r.url()).pathname.startsWith('/api/') && api.push(`${r.method()} ${new URL(r.url()).pathname}`));
  const started = Date.now();
  await page.goto(`/?q=${encodeURIComponent(watched.name)}`);
  await page.locator('[data-testid="site-row"]').first().waitFor({ timeout: 60_000 });
  const toRows = Date.now() - started;
  await page.waitForTimeout(2000); // anything still fired after the rows
  const js = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js'))
      .reduce((t, e) => ({ sent: t.sent + e.encodedBodySize, decoded: t.decoded + e.decodedBodySize, urls: [...t.urls, e.name] }), {
        sent: 0,
        decoded: 0,
        urls: [],
      }),
  );
  // The same files as a gzip-only browser gets them (the budget's unit): their Content-Length with gzip.
  let gzipBytes = 0;
  for (const url of js.urls) {
    const r = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
    gzipBytes += Number(r.headers.get('content-length') ?? (await r.arrayBuffer()).byteLength);
  }
  const total = page.locator(`[data-site-id="${watched.id}"] [data-testid="site-total"]`);
  const before = await total.textContent();
  const res = await fetch(`${state.baseUrl}/api/v2/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${state.adminKey}`, 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({
      site_id: watched.id,
      readings: [{ sensor_id: 'bench', measured_at: new Date(Date.now() - 60_000).toISOString(), value: '1', unit: 'kg' }],
    }),
  });
  const committed = Date.now();
  await page.waitForFunction(
    ([sel, old]) => document.querySelector(sel)?.textContent !== old,
    [`[data-site-id="${watched.id}"] [data-testid="site-total"]`, before],
    { timeout: 30_000 },
  );
  const liveMs = Date.now() - committed;

  console.log(`dashboard overview, ${SITES} sites (machine load avg ${(await import('node:os')).loadavg()[0].toFixed(1)}):`);
  console.log(`  API requests on open: ${api.length} (${api.join(', ')})          budget ≤ 3`);
  console.log(`  navigation → first rows: ${toRows} ms                          budget ≤ 1000 ms`);
  console.log(
    `  JavaScript (${js.urls.length} files): ${(gzipBytes / 1024).toFixed(1)} KB gzip, ${(js.sent / 1024).toFixed(1)} KB as sent to Chromium (brotli), ${(js.decoded / 1024).toFixed(1)} KB decoded   budget ≤ 150 KB gzip`,
  );
  console.log(`  batch 201 (status ${res.status}) → row shows the new total: ${liveMs} ms      budget ≤ 1000 ms`);
} finally {
  await browser.close();
  await stopStack(state);
}
