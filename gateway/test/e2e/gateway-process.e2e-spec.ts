import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayProcess } from '../support/gateway.process';
import { expectProblem, http } from '../support/http';

const generated = () => randomBytes(32).toString('base64url');

// The compiled gateway as `npm start` runs it: what reaches its log (finding 2) and what production refuses at start-up
// (finding 10) of issue 11.
describe('the gateway process', () => {
  describe('its access log', () => {
    const key = generated();
    const apiKeyHeader = generated();
    let gateway: GatewayProcess;
    let cookie = '';
    beforeAll(async () => {
      gateway = await GatewayProcess.spawn({ LOG_LEVEL: 'info', ADMIN_API_KEY: key, SESSION_SECRET: generated() });
      await gateway.listening();
    });
    afterAll(() => gateway?.stop());

    it('never holds the session cookie, the key or any other credential header, request or response', async () => {
      const signIn = await http(gateway.baseUrl, '/api/v1/session', { json: { api_key: key }, auth: false });
      expect(signIn.status, signIn.text).toBe(200);
      cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
      const cookieValue = cookie.split('=')[1];
      expect(cookieValue.length).toBeGreaterThan(40);
      // GET /api/v1/session answers without the services behind the gateway (not started here).
      expect((await http(gateway.baseUrl, '/api/v1/session', { auth: false, headers: { cookie } })).status).toBe(200);
      expect((await http(gateway.baseUrl, '/api/v1/session', { auth: key })).status).toBe(200);
      expectProblem(await http(gateway.baseUrl, '/api/v1/session', { auth: `${key}-wrong` }), 'unauthorized');
      const headers = { 'x-api-key': apiKeyHeader, 'proxy-authorization': `Basic ${apiKeyHeader}` };
      expectProblem(await http(gateway.baseUrl, '/api/v1/session', { auth: false, headers }), 'unauthorized');
      expect((await http(gateway.baseUrl, '/api/v1/session', { method: 'DELETE', auth: false, headers: { cookie } })).status).toBe(204);
      // Signed out on the server: the old cookie replayed is refused.
      expectProblem(await http(gateway.baseUrl, '/api/v1/session', { auth: false, headers: { cookie } }), 'unauthorized');
      await gateway.stop();

      const log = gateway.log;
      // The requests were logged (with their headers, censored), so the absence below is not an empty log.
      expect(log).toMatch(/"url":"\/api\/v1\/session"/);
      expect(log).toMatch(/"set-cookie":"\[redacted\]"/);
      expect(log).toMatch(/"cookie":"\[redacted\]"/);
      expect(log).toMatch(/"authorization":"\[redacted\]"/);
      expect(log).toMatch(/"x-api-key":"\[redacted\]"/);
      for (const secret of [cookieValue, cookieValue.split('.')[0], key, apiKeyHeader]) expect(log).not.toContain(secret);
    });
  });

  describe('in production', () => {
    it('refuses weak or reused secrets and the demo switch, naming each, and exits 1', async () => {
      const gateway = await GatewayProcess.spawn({
        APP_ENV: 'production',
        ADMIN_API_KEY: 'a'.repeat(40),
        SESSION_SECRET: 'a'.repeat(40),
        METRICS_TOKEN: 'abcdefghij'.repeat(4),
        DEMO_FAULTS: 'true',
      });
      // Stopped in any case: a gateway that wrongly starts must not outlive the test.
      const code = await Promise.race([gateway.exited(), new Promise((r) => setTimeout(r, 15_000, 'still running'))]).finally(() =>
        gateway.stop(),
      );
      expect(code).toBe(1);
      const message = gateway.log;
      expect(message).toContain('Invalid gateway environment');
      expect(message).toMatch(/ADMIN_API_KEY: is too weak for APP_ENV=production: it uses only 1 distinct characters/);
      expect(message).toMatch(/SESSION_SECRET: must differ from ADMIN_API_KEY/);
      expect(message).toMatch(/METRICS_TOKEN: is too weak for APP_ENV=production: its estimated strength is \d+ bits/);
      expect(message).toMatch(/DEMO_FAULTS: must not be true when APP_ENV=production/);
      expect(message).toMatch(/SERVICE_AUTH_SECRET: /);
      // One readable message, no stack trace.
      expect(message).not.toMatch(/\n\s+at /);
    });

    it('refuses TRUST_PROXY=true and says what to set instead', async () => {
      const gateway = await GatewayProcess.spawn({
        APP_ENV: 'production',
        ADMIN_API_KEY: generated(),
        SESSION_SECRET: generated(),
        TRUST_PROXY: 'true',
      });
      const code = await Promise.race([gateway.exited(), new Promise((r) => setTimeout(r, 15_000, 'still running'))]).finally(() =>
        gateway.stop(),
      );
      expect(code).toBe(1);
      expect(gateway.log).toMatch(/TRUST_PROXY: TRUST_PROXY=true trusts every hop.*Set TRUST_PROXY to the number of proxies/);
    });

    it('starts with generated secrets as the README shows: __Host- session cookie, /metrics behind its token', async () => {
      const [key, metricsToken] = [generated(), generated()];
      const gateway = await GatewayProcess.spawn({
        APP_ENV: 'production',
        ADMIN_API_KEY: key,
        SESSION_SECRET: generated(),
        METRICS_TOKEN: metricsToken,
        SERVICE_AUTH_SECRET: generated(),
        TRUST_PROXY: '1',
      });
      try {
        await gateway.listening();
        const signIn = await http(gateway.baseUrl, '/api/v1/session', { json: { api_key: key }, auth: false });
        expect(signIn.headers.get('set-cookie')).toMatch(
          /^__Host-emissions_session=[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/,
        );
        expectProblem(await http(gateway.baseUrl, '/metrics', { auth: false }), 'unauthorized');
        expect((await http(gateway.baseUrl, '/metrics', { auth: metricsToken })).status).toBe(200);
      } finally {
        await gateway.stop();
      }
    });
  });
});
