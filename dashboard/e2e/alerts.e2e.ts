import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, createSite, postBatch, send, uniquePastTime } from './support/api';
import { cspViolations, eventually, launchBrowser, screenshot, textOf } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newSignedInPage(browser);
});
afterAll(async () => browser?.close());

type AlertAnswer = { id: string; status: string; resolution: string | null; history: Array<{ action: string; note: string | null }> };
const alertsOf = async (siteId: string) =>
  (await send('GET', `/api/v1/alerts?site_id=${siteId}`, undefined, { Authorization: `Bearer ${adminKey()}` })).body.data as AlertAnswer[];
const countsText = () => textOf(page.getByTestId('alert-counts'));
const parseCounts = (text: string) => (/^(\d+) open · (\d+) acknowledged$/.exec(text) ?? []).slice(1).map(Number);

describe('the alerts inbox', () => {
  it('shows an alert raised by an ingest live, then acknowledges and resolves it with notes', async () => {
    const siteName = `E2E inbox ${Date.now().toString(36)}`;
    const siteId = await createSite(siteName, '10');
    await page.goto('/alerts');
    await page.getByTestId('alert-counts').waitFor();
    const [openBefore, ackedBefore] = parseCounts(await countsText());

    // Another client crosses the limit while the inbox is open: the alert appears without a reload.
    await postBatch(siteId, [{ sensor_id: 'e2e-inbox', measured_at: uniquePastTime(), value: '12.5', unit: 'kg' }]);
    const row = page.locator('[data-testid="alert-row"]', { hasText: siteName });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-status')).toBe('open');
    await eventually('the open count to grow', async () => parseCounts(await countsText())[0] === openBefore + 1);
    await screenshot(page, 'alerts-inbox');

    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await row.getByLabel('Note (optional)').fill('Crew dispatched to the pad');
    await row.getByRole('button', { name: 'Confirm acknowledgement' }).click();
    await eventually('the row to be acknowledged', async () => (await row.getAttribute('data-status')) === 'acknowledged');
    await eventually('the counts to follow', async () => {
      const [open, acked] = parseCounts(await countsText());
      return open === openBefore && acked === ackedBefore + 1;
    });

    await row.getByRole('button', { name: 'Resolve' }).click();
    await row.getByLabel('False alarm').check();
    await row.getByLabel('Note (optional)').fill('Sensor calibration drift');
    await row.getByRole('button', { name: 'Confirm resolution' }).click();
    await eventually('the row to be resolved', async () => (await row.getAttribute('data-status')) === 'resolved');
    expect(await textOf(row.getByTestId('alert-status'))).toBe('Resolved · False alarm');
    expect(await row.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);

    await row.getByRole('button', { name: 'History' }).click();
    const history = row.getByTestId('alert-history');
    await history.waitFor();
    const entries = await history.locator('li').allTextContents();
    expect(entries).toHaveLength(3);
    expect(entries[1]).toContain('“Crew dispatched to the pad”');
    expect(entries[2]).toContain('“Sensor calibration drift”');
    await screenshot(page, 'alerts-inbox-resolved');

    const [stored] = await alertsOf(siteId);
    expect(stored).toMatchObject({ status: 'resolved', resolution: 'false_alarm' });
    expect(await cspViolations(page)).toEqual([]);
  });

  it('filters by status and shows a move made elsewhere live', async () => {
    const siteName = `E2E inbox live ${Date.now().toString(36)}`;
    const siteId = await createSite(siteName, '1');
    await postBatch(siteId, [{ sensor_id: 'e2e-inbox', measured_at: uniquePastTime(), value: '2', unit: 'kg' }]);
    const alert = await eventually('the alert', async () => (await alertsOf(siteId))[0]);
    await page.goto('/alerts');
    await page.getByLabel('Status').selectOption('open');
    const row = page.locator('[data-testid="alert-row"]', { hasText: siteName });
    await row.waitFor();

    // Another operator acknowledges it over the API: the open-only inbox drops it without a reload.
    const answer = await send(
      'POST',
      `/api/v1/alerts/${alert.id}/acknowledge`,
      { note: 'from the API' },
      { Authorization: `Bearer ${adminKey()}` },
    );
    expect(answer.status).toBe(200);
    await eventually('the row to leave the open filter', async () => (await row.count()) === 0);
    await page.getByLabel('Status').selectOption('acknowledged');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('acknowledged');
  });
});
