import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, postBatch, uniquePastTime } from './support/api';
import { eventually, launchBrowser, textOf } from './support/browser';
import { newSignedInPage } from './support/session';

let browser: Browser;
const runId = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** Every API request the page makes from now on (method and path). */
function recordApiRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) seen.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  return seen;
}

describe('overview requests', () => {
  it('opens with at most 3 API requests however many sites there are, and applies live updates without a request', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => createSite(`E2E storm ${runId} ${i}`, '100')));
    const page = await newSignedInPage(browser);
    await page.goto('about:blank'); // the page sign-in landed on makes its own requests: count only this open
    const requests = recordApiRequests(page);
    await page.goto('/');
    await page.locator(`[data-site-id="${ids[11]}"]`).waitFor();
    await page.waitForTimeout(1_500); // anything the page would still fire per site or per event
    expect(requests.length, requests.join('\n')).toBeLessThanOrEqual(3);
    expect(
      requests.filter((r) => /\/api\/v1\/sites\/[0-9a-f-]{36}/.test(r)),
      'no request per site',
    ).toEqual([]);

    requests.length = 0;
    await postBatch(ids[3], [{ sensor_id: 'storm', measured_at: uniquePastTime(), value: '4.5', unit: 'kg' }]);
    const total = page.locator(`[data-site-id="${ids[3]}"] [data-testid="site-total"]`);
    await eventually('the live total', async () => (await textOf(total)) === '4.5 kg');
    await page.waitForTimeout(1_000);
    expect(requests, 'a live update is applied from the event itself').toEqual([]);
    await page.close();
  });
});
