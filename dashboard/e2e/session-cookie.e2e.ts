import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeredStatuses, send, siteNames } from './support/api';
import { baseUrl, launchBrowser } from './support/browser';
import { startOtherOrigin } from './support/other-origin';
import { newSignedInPage, SESSION_COOKIE, sessionCookie } from './support/session';

let browser: Browser;
const runId = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('the session cookie across origins', () => {
  it('is useless to a page of another origin: nothing that page sends creates a site', async () => {
    const page = await newSignedInPage(browser);
    const other = await startOtherOrigin();
    const gateway = baseUrl();
    // `localhost` is another site than 127.0.0.1: SameSite=Strict keeps the cookie home (the gateway sees no
    // credential, 401). Another port of 127.0.0.1 is another origin of the same site: the cookie goes along,
    // and the gateway's origin check refuses it (403).
    const expected = { localhost: '401', '127.0.0.1': '403' } as const;
    try {
      for (const [host, status] of Object.entries(expected)) {
        const name = `E2E cross-origin ${host} ${runId}`;
        const before = await answeredStatuses('POST', '/api/v1/sites');
        const attacker = await page.context().newPage(); // the same browser, so the same cookie jar
        await attacker.goto(other.url(host));
        await attacker.evaluate(
          async ({ target, siteName }) => {
            const body = JSON.stringify({ name: siteName, emission_limit: '1' });
            const post = (init: RequestInit) => fetch(`${target}/api/v1/sites`, { method: 'POST', credentials: 'include', body, ...init });
            // A JSON request (its preflight fails: CORS is closed) and a "simple" one that needs no preflight.
            await post({ headers: { 'Content-Type': 'application/json' } }).catch(() => undefined);
            await post({ mode: 'no-cors', headers: { 'Content-Type': 'text/plain' } }).catch(() => undefined);
          },
          { target: gateway, siteName: name },
        );
        await attacker.close();
        expect(await siteNames()).not.toContain(name);
        const after = await answeredStatuses('POST', '/api/v1/sites');
        const delta = Object.fromEntries(
          Object.entries(after)
            .map(([s, n]) => [s, n - (before[s] ?? 0)])
            .filter(([, n]) => n !== 0),
        );
        expect(delta, `gateway answers to the page at ${other.url(host)}`).toEqual({ [status]: 1 });
      }
    } finally {
      await other.close();
      await page.context().close();
    }
  });

  it('is refused at the HTTP level with a foreign or missing Origin, and accepted from the dashboard’s own', async () => {
    const page = await newSignedInPage(browser);
    const cookie = `${SESSION_COOKIE}=${await sessionCookie(page)}`;
    await page.context().close();
    const body = (what: string) => ({ name: `E2E cookie ${what} ${runId}`, emission_limit: '1' });

    const foreign = await send('POST', '/api/v1/sites', body('evil'), { Cookie: cookie, Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('forbidden');
    const noOrigin = await send('POST', '/api/v1/sites', body('no origin'), { Cookie: cookie });
    expect(noOrigin.status).toBe(403);
    const names = await siteNames();
    expect(names).not.toContain(body('evil').name);
    expect(names).not.toContain(body('no origin').name);

    // The same cookie from the dashboard's own origin works: the refusals above were the origin check.
    const own = await send('POST', '/api/v1/sites', body('own'), { Cookie: cookie, Origin: baseUrl() });
    expect(own.status).toBe(201);
  });
});
