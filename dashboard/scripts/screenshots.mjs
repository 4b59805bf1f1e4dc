#!/usr/bin/env node
// Writes the README's two screenshots (docs/overview.png, docs/retry-demo.png) from a running stack:
//   E2E_BASE_URL=http://localhost:3000 node dashboard/scripts/screenshots.mjs
// The gateway must run with DEMO_FAULTS=true for the retry demo. Creates two demo sites via the API, with the
// operator key in ADMIN_API_KEY (default: the key `npm start` made for this checkout in .dev-credentials.json), and
// signs the browser in with it.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = (process.env.E2E_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const devCredentials = join(repoRoot, '.dev-credentials.json');
const operatorKey =
  process.env.E2E_ADMIN_API_KEY ??
  process.env.ADMIN_API_KEY ??
  (existsSync(devCredentials) ? JSON.parse(readFileSync(devCredentials, 'utf8')).admin_api_key : undefined);
if (!operatorKey) throw new Error('no operator key: set ADMIN_API_KEY, or run `npm start` once to make .dev-credentials.json');
const docsDir = join(repoRoot, 'docs');
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * @param {string} method @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers]
 * @returns {Promise<{ id: string }>}
 */
async function api(method, path, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${operatorKey}`, ...headers },
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return response.json();
}

/** @param {number} m */
const minutesAgo = (m) => `${new Date(Date.now() - m * 60_000).toISOString().slice(0, 19)}Z`;

/** Two sites, one over its limit, so the overview shows both badges. */
async function seedDemoSites() {
  const suffix = randomUUID().slice(0, 4);
  const ok = await api('POST', '/api/v1/sites', { name: `Permian compressor ${suffix}`, emission_limit: '5000' });
  const over = await api('POST', '/api/v1/sites', { name: `Bakken wellpad ${suffix}`, emission_limit: '800' });
  /** @param {{ id: string }} site @param {string[]} values */
  const batch = (site, values) =>
    api(
      'POST',
      '/api/v2/ingest',
      { site_id: site.id, readings: values.map((value, i) => ({ sensor_id: 'demo', measured_at: minutesAgo(30 + i), value, unit: 'kg' })) },
      { 'Idempotency-Key': randomUUID() },
    );
  await batch(ok, ['1200.5', '830.25']);
  await batch(over, ['610', '355.75']);
  return { site: ok, suffix };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS });
try {
  mkdirSync(docsDir, { recursive: true });
  const { site, suffix } = await seedDemoSites();
  const page = await (await browser.newContext({ viewport: { width: 1000, height: 400 }, baseURL: base })).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Operator key').fill(operatorKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  await page.getByTestId('site-row').first().waitFor();
  // Only the two demo sites, whatever else the database holds.
  await page.getByLabel('Filter by name').fill(suffix);
  await page.getByTestId('site-row').nth(1).waitFor();
  await page.getByRole('heading', { name: 'Sites' }).click(); // moves focus away, so no focus ring in the picture
  await page.screenshot({ path: join(docsDir, 'overview.png') });

  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(`/sites/${site.id}/ingest`);
  const row = page.getByTestId('reading-row').first();
  await row.locator('input[name$=".value"]').fill('42.5');
  await page.getByLabel('Simulate an unreliable network').check();
  await page.getByRole('button', { name: /^Send/ }).click();
  await page.getByTestId('submission-result').waitFor({ timeout: 30_000 });
  await page.getByTestId('submission-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(docsDir, 'retry-demo.png') });
  console.log(`wrote ${join(docsDir, 'overview.png')} and ${join(docsDir, 'retry-demo.png')}`);
} finally {
  await browser.close();
}
