import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, postBatchWithKey, siteFigures, uniquePastTime } from './support/api';
import { cspViolations, launchBrowser, screenshot, textOf } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
const runId = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const reading = (value: string) => [{ sensor_id: 'e2e-device', measured_at: uniquePastTime(), value, unit: 'kg' }];

describe('device keys in the dashboard', () => {
  it('creates a key shown once, which ingests into its site only, until it is revoked', async () => {
    const siteId = await createSite(`E2E keys ${runId}`, '100');
    const otherSiteId = await createSite(`E2E keys other ${runId}`, '100');
    const page = await newSignedInPage(browser);
    await page.goto(`/sites/${siteId}`);
    await page.getByTestId('device-keys').waitFor();
    await page.getByLabel('Label (optional)').fill('e2e logger');
    await page.getByRole('button', { name: 'Create device key' }).click();
    const shown = page.getByTestId('new-device-key');
    await shown.waitFor();
    expect(await textOf(shown)).toContain('shown once — store it now');
    const key = await page.getByTestId('new-device-key-secret').inputValue();
    expect(key).toMatch(/^emk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const prefix = key.slice(4, 12);
    await screenshot(page, 'device-key-created');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(key);

    expect((await postBatchWithKey(key, siteId, reading('2.5'))).status).toBe(201);
    const refused = await postBatchWithKey(key, otherSiteId, reading('9'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    expect((await siteFigures(otherSiteId)).measurement_count).toBe(0);

    const row = page.locator(`[data-testid="device-key-row"][data-prefix="${prefix}"]`);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.locator(`[data-testid="device-key-row"][data-prefix="${prefix}"][data-revoked="true"]`).waitFor();
    await screenshot(page, 'device-key-revoked');
    expect(await cspViolations(page)).toEqual([]);

    const afterRevoke = await postBatchWithKey(key, siteId, reading('4'));
    expect(afterRevoke.status).toBe(401);
    expect(await siteFigures(siteId)).toMatchObject({ measurement_count: 1, total_emissions_to_date: '2.5' });

    // The secret was for that one view: a reload lists the key by its prefix only.
    await page.reload();
    await page.locator(`[data-testid="device-key-row"][data-prefix="${prefix}"]`).waitFor();
    expect(await page.getByTestId('new-device-key').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    await page.context().close();
  });
});
