import { ExactDecimal } from '@emissions/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, siteFigures, storedReadings, uniquePastTime } from './support/api';
import { cspViolations, eventually, launchBrowser, screenshot, textOf } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
let page: Page;
let siteId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newSignedInPage(browser);
  siteId = await createSite(`E2E ingest ${Date.now().toString(36)}`, '1000');
});
afterAll(async () => browser?.close());

const row = (i: number) => page.getByTestId('reading-row').nth(i);
async function fillRow(i: number, values: { sensor?: string; at?: string; value: string }) {
  if (values.sensor) await row(i).locator('input[name$=".sensor_id"]').fill(values.sensor);
  await row(i)
    .locator('input[name$=".measured_at"]')
    .fill(values.at ?? uniquePastTime());
  await row(i).locator('input[name$=".value"]').fill(values.value);
}
async function openIngestForm() {
  await page.goto(`/sites/${siteId}/ingest`);
  await page.getByTestId('reading-row').first().waitFor();
}
const submit = () => page.getByRole('button', { name: /^Send \d+ reading/ }).click();
const plus = (a: string, b: string) => new ExactDecimal(a).plus(b).toFixed();

describe('manual ingestion', () => {
  it('ingests a typed row and a pasted CSV row (in grams) and shows the new total', async () => {
    await openIngestForm();
    await fillRow(0, { sensor: 'e2e-form', value: '12.5' });
    await page.getByText('Paste readings as CSV').click();
    await page.getByLabel('CSV lines').fill(`sensor_id,measured_at,value,unit\ne2e-form,${uniquePastTime()},500,g`);
    await page.getByRole('button', { name: 'Add rows from CSV' }).click();
    expect(await page.getByTestId('reading-row').count()).toBe(2);
    await screenshot(page, 'ingest-form');

    await submit();
    const result = page.getByTestId('submission-result');
    await result.waitFor();
    expect(await result.getAttribute('data-kind')).toBe('saved');
    expect(await textOf(page.getByTestId('result-total'))).toBe('13 kg');
    expect(await textOf(page.getByTestId('result-counts'))).toMatch(/^2 accepted · 0 duplicate · 0 conflicting/);
    expect((await siteFigures(siteId)).total_emissions_to_date).toBe('13');
    await screenshot(page, 'ingest-saved');

    await page.goto(`/sites/${siteId}`);
    await eventually('the detail total', async () => (await textOf(page.getByTestId('detail-total'))) === '13 kg');
    await page.locator('canvas').first().waitFor();
    // The per-sensor panel: the form's one sensor holds the whole 13 kg.
    const sensorRow = page.getByTestId('sensor-row').filter({ hasText: 'e2e-form' });
    await sensorRow.waitFor();
    expect(await textOf(sensorRow)).toMatch(/e2e-form.*13.*100\.00 %/);
    await screenshot(page, 'site-detail');
    expect(await cspViolations(page), 'the chart must draw under the gateway’s Content-Security-Policy').toEqual([]);
  });

  it('on an unreliable network retries with the same key and moves the total exactly once', async () => {
    const before = await siteFigures(siteId);
    await openIngestForm();
    await fillRow(0, { sensor: 'e2e-retry', value: '3.5' });
    await page.getByLabel('Simulate an unreliable network').check();
    await submit();

    const result = page.getByTestId('submission-result');
    await result.waitFor({ timeout: 30_000 });
    const log = await textOf(page.getByTestId('attempt-log')).catch(() => '');
    expect(log, 'no failed attempt: is the gateway running with DEMO_FAULTS=true?').toMatch(/Attempt 1 failed/);
    expect(log).toMatch(/same Idempotency-Key/);
    expect(await result.getAttribute('data-kind')).toBe('already-saved');
    expect(await textOf(result)).toContain('Already saved — nothing was duplicated');
    await screenshot(page, 'retry-demo');

    const after = await siteFigures(siteId);
    expect(after.total_emissions_to_date).toBe(plus(before.total_emissions_to_date, '3.5'));
    expect(after.measurement_count).toBe(before.measurement_count + 1);
    expect(after.batch_count).toBe(before.batch_count + 1);
  });

  it('after giving up and a reload, Retry reuses the stored key and the server replays', async () => {
    const before = await siteFigures(siteId);
    await openIngestForm();
    await fillRow(0, { sensor: 'e2e-reload', value: '1.25' });
    await page.getByLabel('Simulate an unreliable network').check();
    // The first attempt reaches the server (which commits, then drops the answer); every retry is refused.
    let attempts = 0;
    await page.route('**/api/v2/ingest', (route) => (attempts++ === 0 ? route.continue() : route.abort('connectionrefused')));
    await submit();
    await page.getByTestId('submission-unconfirmed').waitFor({ timeout: 30_000 });
    await page.unroute('**/api/v2/ingest');

    await page.reload();
    await page.getByTestId('pending-submission').waitFor();
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    const result = page.getByTestId('submission-result');
    await result.waitFor();
    expect(await result.getAttribute('data-kind')).toBe('already-saved');
    await screenshot(page, 'retry-after-reload');
    const after = await siteFigures(siteId);
    expect(after.total_emissions_to_date).toBe(plus(before.total_emissions_to_date, '1.25'));
    expect(after.measurement_count).toBe(before.measurement_count + 1);
  });

  it('ingests a rate reading (kg/h over a duration) from the form and stores its rate', async () => {
    const before = await siteFigures(siteId);
    await openIngestForm();
    const at = uniquePastTime();
    await fillRow(0, { sensor: 'e2e-rate', value: '150', at });
    // The duration is asked for only once a rate unit is chosen.
    expect(await row(0).getByTestId('duration-input').count()).toBe(0);
    await row(0).locator('select').selectOption('kg/h');
    await row(0).getByTestId('duration-input').fill('600');
    await submit();

    const result = page.getByTestId('submission-result');
    await result.waitFor();
    expect(await result.getAttribute('data-kind')).toBe('saved');
    // 150 kg/h for 600 s is 25 kg.
    expect((await siteFigures(siteId)).total_emissions_to_date).toBe(plus(before.total_emissions_to_date, '25'));
    const stored = (await storedReadings(siteId)).find((r) => r.sensor_id === 'e2e-rate');
    expect(stored).toMatchObject({ measured_at: at, mass_kg: '25', rate_kg_h: '150', duration_s: 600 });

    await page.goto(`/sites/${siteId}`);
    await page.getByTestId('sensor-row').filter({ hasText: 'e2e-rate' }).waitFor();
  });

  it('asks for the duration of a rate reading before sending it', async () => {
    const before = await siteFigures(siteId);
    await openIngestForm();
    await fillRow(0, { sensor: 'e2e-rate-missing', value: '10' });
    await row(0).locator('select').selectOption('scf/h');
    await submit();
    const error = row(0).getByTestId('row-field-error');
    await error.waitFor();
    expect(await textOf(error)).toBe('is required for a rate (kg/h, scf/h)');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('readings[0].duration_s');
    expect(await siteFigures(siteId)).toEqual(before);
  });

  it('shows field errors for invalid readings and sends nothing', async () => {
    const before = await siteFigures(siteId);
    await openIngestForm();
    await fillRow(0, { value: '-5', at: 'yesterday' });
    await page.getByRole('button', { name: 'Add a reading' }).click();
    await fillRow(1, { value: '2000000', at: uniquePastTime() });
    await row(1).locator('select').selectOption('t');
    await submit();

    const errors = page.getByTestId('row-field-error');
    await errors.first().waitFor();
    const messages = await errors.allTextContents();
    expect(messages).toEqual(expect.arrayContaining(['must be >= 0', 'must be <= 1000000000 kg once converted']));
    expect(messages.some((m) => m.includes('ISO-8601'))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await screenshot(page, 'ingest-field-errors');
    expect(await siteFigures(siteId)).toEqual(before);
  });
});
