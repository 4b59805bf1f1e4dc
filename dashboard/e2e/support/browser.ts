import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags verified with Debian's chromium on the project machines (without the background-networking flags Chromium's calls out are refused by the closed network, many at a time). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('Set E2E_BASE_URL to the gateway of a running stack, e.g. http://localhost:3000');
  return url.replace(/\/$/, '');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A page in a context of its own (its own cookies: signed out until it signs in). */
export async function newPage(browser: Browser, width = 1200, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: baseUrl() });
  // The gateway serves the dashboard under a strict Content-Security-Policy: record whatever it blocks.
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { e2eCspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return context.newPage();
}

/** What the Content-Security-Policy blocked on the current document (eval, inline scripts, other origins). */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { e2eCspViolations?: string[] }).e2eCspViolations ?? []);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Polls until `check` returns a truthy value; fails with the last seen value so a timeout explains itself. */
export async function eventually<T>(what: string, check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();
