import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, postBatch, siteFigures, uniquePastTime } from './support/api';
import { restoreApi, stopApi } from './support/api-outage';
import { eventually, launchBrowser, screenshot, textOf } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
let page: Page;
const runId = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newSignedInPage(browser);
});
afterAll(async () => browser?.close());

describe('sites', () => {
  it('creates a site through the form, with field errors from the browser and from the server', async () => {
    await page.goto('/sites/new');
    await page.getByRole('button', { name: 'Create site' }).click();
    expect(await textOf(page.getByTestId('site-name-error'))).toBe('must not be empty');
    expect(await textOf(page.getByTestId('site-limit-error'))).toMatch(/must be/);
    await screenshot(page, 'create-site-client-errors');

    const name = `E2E created ${runId}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Emission limit (kg CH4)').fill('2500');
    await page.getByRole('button', { name: 'Create site' }).click();
    await page.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name }).waitFor();
    await screenshot(page, 'site-detail-new');

    // The same name again: the server's 409 lands on the name field.
    await page.goto('/sites/new');
    await page.getByLabel('Name').fill(name.toUpperCase());
    await page.getByLabel('Emission limit (kg CH4)').fill('10');
    await page.getByRole('button', { name: 'Create site' }).click();
    await page.getByTestId('site-name-error').waitFor();
    expect(await textOf(page.getByTestId('site-name-error'))).toBe('is already used by another site');
    await screenshot(page, 'create-site-name-taken');
  });

  it('shows a total change live, without a reload, when another client posts a batch', async () => {
    const siteId = await createSite(`E2E live ${runId}`, '100');
    await page.goto('/');
    const total = page.locator(`[data-site-id="${siteId}"] [data-testid="site-total"]`);
    await total.waitFor();
    expect(await textOf(total)).toBe('0 kg');
    await page.evaluate(() => Object.assign(window, { e2eNoReload: true }));

    await postBatch(siteId, [{ sensor_id: 'other-client', measured_at: uniquePastTime(), value: '7.25', unit: 'kg' }]);
    await eventually('the new total on the overview', async () => (await textOf(total)) === '7.25 kg');
    expect(await page.evaluate(() => 'e2eNoReload' in window)).toBe(true);
    // The update must come from the stream; E2E_ALLOW_POLLING=1 accepts the polling fallback (a stack without SSE).
    const mode = await page.getByTestId('live-mode').getAttribute('data-mode');
    if (process.env.E2E_ALLOW_POLLING !== '1') expect(mode, 'the overview should follow /api/v1/stream').toBe('live');
    await screenshot(page, 'overview');

    const phone = await newSignedInPage(browser, 390, 844);
    await phone.goto('/');
    await phone.locator(`[data-site-id="${siteId}"]`).waitFor();
    // Phone width: the table turns into cards, so nothing may scroll sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(phone, 'overview-phone');
    await phone.close();
  });

  it('shows a not-found page for an unknown site', async () => {
    await page.goto(`/sites/${randomUUID()}`);
    await page.getByTestId('not-found').waitFor();
    await page.goto('/no/such/page');
    await page.getByTestId('not-found').waitFor();
    await screenshot(page, 'not-found');
  });

  it('keeps the shown data, marked stale, with a banner and a retry while the API is stopped', async () => {
    const siteId = await createSite(`E2E outage ${runId}`, '100');
    const outagePage = await newSignedInPage(browser);
    // Without the stream the overview polls, which is also how it notices an outage.
    await outagePage.route('**/api/v1/stream?*', (route) => route.abort('connectionrefused'));
    await outagePage.goto('/');
    await outagePage.locator(`[data-site-id="${siteId}"]`).waitFor();
    await eventually('polling mode', async () => (await outagePage.getByTestId('live-mode').getAttribute('data-mode')) === 'polling');

    const how = await stopApi(outagePage);
    const banner = outagePage.getByTestId('api-unreachable-banner');
    await banner.waitFor({ timeout: 20_000 });
    await outagePage.getByTestId('stale-note').waitFor();
    expect(await outagePage.locator(`[data-site-id="${siteId}"]`).count()).toBe(1);
    expect(await outagePage.content()).not.toMatch(/at .*\.js:\d+|"request_id"/); // no stack, no raw JSON
    await screenshot(outagePage, 'api-unreachable');

    await restoreApi(outagePage, how);
    await eventually('the API to answer again', async () => (await siteFigures(siteId)).measurement_count === 0, 30_000);
    // Under load a 5-second poll may notice the API is back before this click: either way the banner goes.
    await outagePage
      .getByRole('button', { name: 'Retry now' })
      .click({ timeout: 2_000 })
      .catch(async () => expect(await banner.count(), 'the banner stayed without its Retry button').toBe(0));
    await banner.waitFor({ state: 'detached' });
    // The restarted gateway still honours the session (same SESSION_SECRET): no detour through sign-in.
    expect(new URL(outagePage.url()).pathname).toBe('/');
    await outagePage.locator(`[data-site-id="${siteId}"]`).waitFor();
    await outagePage.close();
  });
});
