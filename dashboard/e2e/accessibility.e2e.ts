import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, postBatch, uniquePastTime } from './support/api';
import { axeViolations, fitsViewport } from './support/axe';
import { baseUrl, launchBrowser, newPage, screenshot } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
let siteId: string;
const runId = Date.now().toString(36);
// One unbroken 120-character name: it must wrap, never widen the page.
const longName = `E2E${runId}${'X'.repeat(120)}`.slice(0, 120);

beforeAll(async () => {
  browser = await launchBrowser();
  siteId = await createSite(longName, '10');
  await postBatch(siteId, [{ sensor_id: 'a11y', measured_at: uniquePastTime(), value: '12', unit: 'kg' }]);
});
afterAll(async () => browser?.close());

const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Every page of the dashboard, with what shows it is ready. */
const PAGES = [
  { name: 'overview', path: () => '/', ready: (p: Page) => p.locator(`[data-site-id="${siteId}"]`).waitFor() },
  {
    name: 'site',
    path: () => `/sites/${siteId}`,
    // Every panel loaded: period figures, downloads, per-sensor table, readings table, events, settings form and change log.
    ready: async (p: Page) => {
      for (const id of [
        'detail-total',
        'period-figures',
        'site-downloads',
        'sensors-table',
        'readings-table',
        'events-empty',
        'site-settings',
        'change-log-empty',
      ])
        await p.getByTestId(id).waitFor();
    },
  },
  { name: 'ingest', path: () => `/sites/${siteId}/ingest`, ready: (p: Page) => p.getByTestId('reading-row').first().waitFor() },
  { name: 'new-site', path: () => '/sites/new', ready: (p: Page) => p.getByRole('button', { name: 'Create site' }).waitFor() },
  {
    name: 'alerts',
    path: () => '/alerts',
    // The site crossed its limit in beforeAll: its alert (and the long name in it) must be on the page.
    ready: (p: Page) => p.locator('[data-testid="alert-row"]', { hasText: longName }).waitFor({ timeout: 15_000 }),
  },
  { name: 'not-found', path: () => '/no/such/page', ready: (p: Page) => p.getByTestId('not-found').waitFor() },
];

describe('every page at 1440×900 and 390×844', () => {
  for (const size of SIZES) {
    describe(size.name, () => {
      let page: Page;
      beforeAll(async () => {
        page = await newSignedInPage(browser, size.width, size.height);
      });
      afterAll(async () => page?.close());

      for (const target of PAGES) {
        it(`${target.name}: no axe-core violations, no sideways scroll with a 120-character unbroken name`, async () => {
          await page.goto(target.path());
          await target.ready(page);
          await screenshot(page, `a11y-${target.name}-${size.name}`);
          expect(await axeViolations(page)).toEqual([]);
          expect(await fitsViewport(page), 'the page scrolls sideways').toBe(true);
        });
      }

      it('sign-in: no axe-core violations', async () => {
        const signIn = await newPage(browser, size.width, size.height);
        await signIn.goto('/sign-in');
        await signIn.getByLabel('Operator key').waitFor();
        expect(await axeViolations(signIn)).toEqual([]);
        await signIn.close();
      });
    });
  }

  it('keeps the overview table inside a 720 px window', async () => {
    const page = await newSignedInPage(browser, 720, 900);
    await page.goto('/');
    await page.locator(`[data-site-id="${siteId}"]`).waitFor();
    expect(await fitsViewport(page)).toBe(true);
    await page.close();
  });
});

describe('small things', () => {
  it('answers HTTP 404 for an unknown route and 200 for a deep link; has a favicon', async () => {
    const unknown = await fetch(`${baseUrl()}/no/such/page`, { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${baseUrl()}/sites/${siteId}`, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await fetch(`${baseUrl()}/favicon.svg`)).status).toBe(200);
  });

  it('moves focus to the page heading after navigation, once the site name is there', async () => {
    const page = await newSignedInPage(browser);
    await page.goto('/');
    await page.locator(`[data-site-id="${siteId}"] a`).click();
    await page.getByTestId('detail-total').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(longName);
    expect(await page.title()).toContain(longName);
    await page.close();
  });

  it('shows the unreliable-network demo only when the gateway has DEMO_FAULTS on', async () => {
    const page = await newSignedInPage(browser);
    const config = (await (await fetch(`${baseUrl()}/dashboard-config.json`)).json()) as { demo_faults: boolean };
    await page.goto(`/sites/${siteId}/ingest`);
    await page.getByTestId('reading-row').first().waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('unreliable-network').count()).toBe(config.demo_faults ? 1 : 0);
    await page.route('**/dashboard-config.json', (route) => route.fulfill({ json: { demo_faults: false } }));
    await page.reload();
    await page.getByTestId('reading-row').first().waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('unreliable-network').count()).toBe(0);
    await page.close();
  });
});
