import type { Browser, Page } from 'playwright-core';
import { adminKey } from './api';
import { newPage } from './browser';

export const SESSION_COOKIE = 'emissions_session';

/** Signs in through the sign-in form, as an operator would; `key` defaults to the stack's operator key. */
export async function signIn(page: Page, key = adminKey()): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel('Operator key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** A fresh browser context, signed in as the operator, on the overview. */
export async function newSignedInPage(browser: Browser, width?: number, height?: number): Promise<Page> {
  const page = await newPage(browser, width, height);
  await signIn(page);
  return page;
}

/** The session cookie's value as the browser holds it, for requests made from node. */
export async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie: is the page signed in?`);
  return cookie.value;
}
