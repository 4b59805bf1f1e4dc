import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, postBatch, siteFigures } from './support/api';
import { launchBrowser, screenshot, textOf } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
let page: Page;
const runId = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newSignedInPage(browser);
});
afterAll(async () => browser?.close());

/** `n` distinct past times, a minute apart, ending `hoursBack` hours ago. */
const times = (n: number, hoursBack: number) =>
  Array.from({ length: n }, (_, i) => `${new Date(Date.now() - hoursBack * 3_600_000 - i * 60_000).toISOString().slice(0, 19)}Z`);

describe('ingestion tells the truth', () => {
  it('accepts 150 pasted CSV rows, sends them as two batches with progress, and stores all 150', async () => {
    const siteId = await createSite(`E2E csv ${runId}`, '100000');
    await page.goto(`/sites/${siteId}/ingest`);
    await page.getByText('Paste readings as CSV').click();
    const csv = ['measured_at,value,unit', ...times(150, 2).map((t) => `${t},1,kg`)].join('\n');
    await page.getByLabel('CSV lines').fill(csv);
    await page.getByRole('button', { name: 'Add rows from CSV' }).click();
    expect(await textOf(page.getByTestId('csv-added'))).toBe('150 rows added.');
    expect(await page.getByTestId('reading-row').count()).toBe(150);
    await page.getByRole('button', { name: 'Send 150 readings' }).click();
    const result = page.getByTestId('submission-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-kind')).toBe('saved');
    expect(await page.getByTestId('batch-result').count()).toBe(2);
    expect(await textOf(page.getByTestId('result-counts'))).toMatch(
      /^150 accepted · 0 duplicate · 0 conflicting\s+\(of 150 sent in 2 batches/,
    );
    expect(await siteFigures(siteId)).toMatchObject({ total_emissions_to_date: '150', measurement_count: 150, batch_count: 2 });
    await screenshot(page, 'ingest-csv-150');
  });

  it('says "nothing new" in warning style when every reading was already stored, and lists a conflict kept as stored', async () => {
    const siteId = await createSite(`E2E dup ${runId}`, '1000');
    const [t1, t2] = times(2, 3);
    await postBatch(siteId, [
      { sensor_id: 'dup', measured_at: t1, value: '5', unit: 'kg' },
      { sensor_id: 'dup', measured_at: t2, value: '6', unit: 'kg' },
    ]);
    await page.goto(`/sites/${siteId}/ingest`);
    await page.getByText('Paste readings as CSV').click();
    await page.getByLabel('CSV lines').fill(`dup,${t1},5,kg`);
    await page.getByRole('button', { name: 'Add rows from CSV' }).click();
    await page.getByRole('button', { name: 'Send 1 reading' }).click();
    const result = page.getByTestId('submission-result');
    await result.waitFor();
    expect(await result.getAttribute('data-kind')).toBe('nothing-new');
    expect(await result.getAttribute('class')).toContain('warn');
    expect(await textOf(result)).not.toMatch(/^Saved/);

    await page.locator('details.csv').evaluate((d) => {
      (d as HTMLDetailsElement).open = true;
    });
    await page.getByLabel('CSV lines').fill(`dup,${t2},7,kg`);
    await page.getByRole('button', { name: 'Add rows from CSV' }).click();
    await page.getByRole('button', { name: 'Send 1 reading' }).click();
    await page.locator('[data-testid="submission-result"][data-kind="conflicts"]').waitFor();
    expect(await textOf(page.getByTestId('result-conflicts'))).toMatch(/stored 6 kg, sent 7 kg/);
    expect((await siteFigures(siteId)).total_emissions_to_date).toBe('11');
    await screenshot(page, 'ingest-conflict');
  });
});

describe('status and utilisation agree', () => {
  it('shows a hair over the limit as exceeded in red with "Over by", never an amber 100.00 %', async () => {
    const siteId = await createSite(`E2E hair ${runId}`, '1000');
    await postBatch(siteId, [{ sensor_id: 'hair', measured_at: times(1, 4)[0], value: '1000.004', unit: 'kg' }]);
    await page.goto(`/sites/${siteId}`);
    await page.getByTestId('over-by').waitFor();
    expect(await textOf(page.getByTestId('over-by'))).toBe('0.004 kg');
    expect(await page.locator('[data-level]').first().getAttribute('data-level')).toBe('over');
    expect(await textOf(page.getByTestId('utilization-text').first())).toBe('> 100.00 %');
  });
});
