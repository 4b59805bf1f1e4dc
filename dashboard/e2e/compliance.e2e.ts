import { readFileSync } from 'node:fs';
import { ExactDecimal } from '@emissions/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, createSite, postBatch, type Reading, send, uniquePastTime } from './support/api';
import { eventually, launchBrowser, screenshot, textOf } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
let page: Page;
let siteId: string;
const runId = Date.now().toString(36);
const siteName = `E2E compliance ${runId}`;
// 55 readings: more than one page of the readings table (50), with a total that needs all 6 decimals.
const readings: Reading[] = [
  ...Array.from({ length: 54 }, () => ({ sensor_id: 'compliance', measured_at: uniquePastTime(), value: '0.1', unit: 'kg' })),
  { sensor_id: 'compliance', measured_at: uniquePastTime(), value: '0.000001', unit: 'kg' },
];
const expectedTotal = '5.400001';

beforeAll(async () => {
  browser = await launchBrowser();
  siteId = await createSite(siteName, '1000');
  await postBatch(siteId, readings);
  page = await newSignedInPage(browser);
});
afterAll(async () => browser?.close());

/** Clicks a download link and returns the saved file's text (Playwright's download event, not a fetch). */
async function download(link: Locator): Promise<{ name: string; text: string }> {
  const [saved] = await Promise.all([link.page().waitForEvent('download'), link.click()]);
  const path = await saved.path();
  return { name: saved.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

async function openSite(): Promise<void> {
  await page.goto(`/sites/${siteId}`);
  await page.getByTestId('period-figures').waitFor();
}

describe('compliance accounting on the site page', () => {
  it('shows the reporting-year figures, in kg, t CH4 and t CO2e under the chosen GWP set', async () => {
    await openSite();
    const total = page.getByTestId('period-total');
    await eventually('the period total', async () => (await textOf(total)) === `${expectedTotal} kg CH4`);
    const year = new Date().getUTCFullYear();
    expect(await textOf(page.getByTestId('period-dates'))).toBe(`Jan 1, ${year} – Dec 31, ${year} (UTC)`);
    expect(await textOf(page.getByTestId('period-annual-limit'))).toBe('None set');
    expect(await textOf(page.getByTestId('period-status'))).toBe('No annual limit');
    expect(await textOf(page.getByTestId('period-projected'))).toMatch(/^[\d,.]+ kg CH4$/);

    await page.getByLabel('t CH4').check();
    expect(await textOf(total)).toBe('0.005400001 t CH4');
    await page.getByLabel('t CO2e').check();
    // 5.400001 kg × 29.8 ÷ 1000 = 0.1609200298 t, half-up to 6 decimals.
    expect(await textOf(total)).toBe('0.16092 t CO2e');
    await page.getByLabel('GWP set').selectOption('AR5');
    await eventually('the AR5 figures', async () => (await textOf(page.getByTestId('gwp-source'))).startsWith('GWP 28 (AR5)'));
    expect(await textOf(total)).toBe('0.1512 t CO2e');
    await screenshot(page, 'site-period-co2e');
  });

  it('pages through the readings table with Load more', async () => {
    await openSite();
    const rows = page.getByTestId('reading-table-row');
    await page.getByTestId('readings-table').waitFor();
    expect(await rows.count()).toBe(50);
    await page.getByTestId('readings-more').click();
    await eventually('the second page', async () => (await rows.count()) === 55);
    expect(await page.getByTestId('readings-more').count()).toBe(0);
  });

  it('saves a settings change that then shows in the change log, and shows server field errors', async () => {
    await openSite();
    const form = page.getByTestId('site-settings');
    await form.waitFor();
    expect(await form.getByLabel('Time zone').isDisabled()).toBe(true);

    await form.getByLabel('Annual limit (kg CH4)').fill('2.5');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await eventually('the saved note', async () => (await textOf(page.getByTestId('settings-status'))) === 'Saved: annual_limit.');
    const row = page.locator('[data-testid="change-row"][data-field="annual_limit"]');
    await row.waitFor();
    expect(await textOf(row.getByTestId('change-new'))).toBe('2.5');
    // The period figures follow the new annual limit at once.
    await eventually('the annual status', async () => (await textOf(page.getByTestId('period-status'))).endsWith('Limit Exceeded'));
    expect(await textOf(page.getByTestId('period-remaining'))).toBe('0 kg CH4');

    // A taken name is only known to the server: its 409 lands on the name field.
    const other = `E2E compliance other ${runId}`;
    await createSite(other, '10');
    await form.getByLabel('Name', { exact: true }).fill(other);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('settings-name-error').waitFor();
    expect(await textOf(page.getByTestId('settings-name-error'))).toBe('is already used by another site');
    // And a bad number is caught in the browser with the server's own message.
    await form.getByLabel('Name', { exact: true }).fill(siteName);
    await form.getByLabel('Near-limit warning at (% of limit)').fill('101');
    await form.getByRole('button', { name: 'Save settings' }).click();
    expect(await textOf(page.getByTestId('settings-near-limit-error'))).toBe('must be <= 100');
    await screenshot(page, 'site-settings');
  });

  it('downloads the readings CSV whose mass_kg sum equals the total shown, and the annual report', async () => {
    await openSite();
    await eventually('the total', async () => (await textOf(page.getByTestId('detail-total'))) === `${expectedTotal} kg`);

    const csv = await download(page.getByTestId('download-readings'));
    const [header, ...lines] = csv.text.trim().split(/\r?\n/);
    expect(header).toBe('measured_at,sensor_id,mass_kg,rate_kg_h,duration_s,batch_id');
    const massColumn = header.split(',').indexOf('mass_kg');
    const sum = lines.reduce((acc, line) => acc.plus(line.split(',')[massColumn]), new ExactDecimal(0));
    expect(lines).toHaveLength(readings.length);
    expect(`${sum.toFixed()} kg`).toBe(await textOf(page.getByTestId('detail-total')));

    const year = String(new Date().getUTCFullYear());
    const reportCsv = await download(page.getByTestId('download-report-csv'));
    expect(reportCsv.text.split(/\r?\n/)[0]).toMatch(/month/);
    const reportJson = await download(page.getByTestId('download-report-json'));
    expect(reportJson.name).toBe(`report-${siteId}-${year}.json`);
    const report = JSON.parse(reportJson.text) as { ch4_kg: string; readings: number };
    expect(report.ch4_kg).toBe(expectedTotal);
    expect(report.readings).toBe(readings.length);
  });

  it('switches the figures and the annual report to an earlier reporting year with the period selector', async () => {
    const lastYear = new Date().getUTCFullYear() - 1;
    const pastId = await createSite(`E2E past year ${runId}`, '1000');
    await postBatch(pastId, [
      { sensor_id: 'past', measured_at: `${lastYear}-06-15T12:00:00Z`, value: '4.2', unit: 'kg' },
      { sensor_id: 'past', measured_at: uniquePastTime(), value: '1', unit: 'kg' },
    ]);
    await page.goto(`/sites/${pastId}`);
    const total = page.getByTestId('period-total');
    await eventually('the current year total', async () => (await textOf(total)) === '1 kg CH4');

    await page.getByLabel('Reporting year starting in').selectOption(String(lastYear));
    await page.getByTestId('year-figures').waitFor();
    expect(await textOf(total)).toBe('4.2 kg CH4');
    expect(await textOf(page.getByTestId('period-dates'))).toBe(`Jan 1, ${lastYear} – Dec 31, ${lastYear} (UTC)`);
    expect(await textOf(page.getByTestId('period-readings'))).toBe('1');
    const report = await download(page.getByTestId('download-report-json'));
    expect(JSON.parse(report.text)).toMatchObject({ ch4_kg: '4.2', readings: 1 });
    await screenshot(page, 'site-past-year');

    await page.getByLabel('Reporting year starting in').selectOption(String(lastYear + 1));
    await eventually('the current year again', async () => (await textOf(total)) === '1 kg CH4');
  });

  it('lists a super-emitter event and shows the near-limit state', async () => {
    const eventSiteId = await createSite(`E2E events ${runId}`, '100');
    // 200 kg/h for 1800 s: one reading over the 100 kg/h threshold, 100 kg = exactly the limit (near, not exceeded).
    const answer = await send(
      'POST',
      '/api/v2/ingest',
      {
        site_id: eventSiteId,
        readings: [{ sensor_id: 'flare-1', measured_at: uniquePastTime(), value: '200', unit: 'kg/h', duration_s: 1800 }],
      },
      { Authorization: `Bearer ${adminKey()}`, 'Idempotency-Key': `e2e-events-${runId}` },
    );
    expect(answer.status).toBe(201);
    await page.goto(`/sites/${eventSiteId}`);
    const event = page.getByTestId('event-row');
    await eventually('the emission event', async () => {
      if ((await event.count()) === 0) await page.reload();
      return (await event.count()) === 1;
    });
    expect(await textOf(event)).toContain('100 kg CH4 over 1 reading, peak 200 kg/h');
    await page.getByTestId('near-limit').waitFor();
    expect(await textOf(page.getByTestId('compliance-badge').first())).toContain('near limit');
  });

  it('archives a site after confirmation', async () => {
    const archivedId = await createSite(`E2E archive ${runId}`, '10');
    await page.goto(`/sites/${archivedId}`);
    await page.getByRole('button', { name: 'Archive site…' }).click();
    await page.getByRole('button', { name: 'Yes, archive' }).click();
    await eventually('the archived note', async () => (await textOf(page.getByTestId('archive'))).includes('This site is archived'));
    const answer = await send('GET', `/api/v1/sites/${archivedId}`, undefined, { Authorization: `Bearer ${adminKey()}` });
    expect(answer.body.archived_at).toEqual(expect.any(String));
  });
});

describe('fleet report on the overview', () => {
  it('downloads the fleet report CSV with a row for the site', async () => {
    await page.goto('/');
    await page.getByTestId('fleet-report').waitFor();
    const year = String(new Date().getUTCFullYear());
    await page.getByTestId('fleet-report-year').selectOption(year);
    const fleet = await download(page.getByTestId('download-fleet-csv'));
    expect(fleet.name).toMatch(new RegExp(`${year}\\.csv$`));
    const row = fleet.text.split(/\r?\n/).find((line) => line.includes(siteId));
    expect(row, 'the site has a row in the fleet report').toBeDefined();
    expect(row).toContain(expectedTotal);
  });
});
