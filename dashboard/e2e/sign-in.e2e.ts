import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, createSite } from './support/api';
import { baseUrl, cspViolations, launchBrowser, newPage, screenshot, textOf } from './support/browser';
import { newSignedInPage, SESSION_COOKIE, signIn } from './support/session';

let browser: Browser;
const runId = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('operator sign-in', () => {
  it('sends a signed-out visit to the sign-in page, refuses a wrong key, and returns to the page asked for', async () => {
    const siteId = await createSite(`E2E sign-in ${runId}`, '100');
    const page = await newPage(browser);
    await page.goto(`/sites/${siteId}?from=e2e`);
    await page.waitForURL(/\/sign-in\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/sites/${siteId}?from=e2e`);

    await page.getByLabel('Operator key').fill('not-the-operator-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-in-error').waitFor();
    expect(await textOf(page.getByTestId('sign-in-error'))).toMatch(/not valid/i);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in-wrong-key');

    await page.getByLabel('Operator key').fill(adminKey());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl()}/sites/${siteId}?from=e2e`);
    await page.getByRole('heading', { name: `E2E sign-in ${runId}` }).waitFor();
    expect(await textOf(page.getByTestId('signed-in-as'))).toBe('Signed in as operator');
    const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.getByLabel('Operator key').count()).toBe(0);
    expect(await cspViolations(page), 'the dashboard must run under the gateway’s Content-Security-Policy').toEqual([]);
    await page.context().close();
  });

  it('signs out back to the sign-in page, after which the dashboard asks for the key again', async () => {
    const page = await newSignedInPage(browser);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baseUrl()}/sign-in`);
    expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
    await page.goto('/sites/new');
    await page.waitForURL(/\/sign-in\?next=%2Fsites%2Fnew$/);
    await page.context().close();
  });

  it('never follows next= to another site', async () => {
    const page = await newPage(browser);
    await page.goto('/sign-in?next=//evil.example/phish');
    await signIn(page);
    expect(page.url()).toBe(`${baseUrl()}/`);
    await page.context().close();
  });
});
