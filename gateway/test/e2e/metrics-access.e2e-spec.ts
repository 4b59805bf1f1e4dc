import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { expectProblem, http, TEST_OPERATOR_KEY } from '../support/http';

const METRICS_TOKEN = randomBytes(32).toString('base64url');
const scrape = (gw: RunningGateway, auth: string | false, headers: Record<string, string> = {}) =>
  http(gw.baseUrl, '/metrics', { auth, headers });
const expectMetrics = (res: Awaited<ReturnType<typeof scrape>>) => {
  expect(res.status, res.text).toBe(200);
  expect(res.text).toMatch(/^ingest_requests_total\{outcome="accepted"\} \d+$/m);
};

// GET /metrics of finding 9 (issue 11): a bearer METRICS_TOKEN or the operator key in production; loopback only in development.
describe('/metrics in production', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ APP_ENV: 'production', METRICS_TOKEN });
  });
  afterAll(() => gw?.close());

  it('refuses a scrape without the token, even from this machine, with a problem and a Bearer challenge', async () => {
    const res = await scrape(gw, false);
    expectProblem(res, 'unauthorized', '/metrics');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="emissions"');
    expect(res.text).not.toMatch(/ingest_requests_total|nodejs_version_info/);
  });

  it('refuses a wrong token or a malformed header', async () => {
    for (const auth of ['not-the-metrics-token-0123456789abcdef', `${METRICS_TOKEN}x`]) {
      const res = await scrape(gw, auth);
      expectProblem(res, 'unauthorized');
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    }
    expectProblem(await scrape(gw, false, { authorization: `Basic ${METRICS_TOKEN}` }), 'unauthorized');
  });

  it('serves the metrics to the METRICS_TOKEN and to the operator key', async () => {
    expectMetrics(await scrape(gw, METRICS_TOKEN));
    expectMetrics(await scrape(gw, TEST_OPERATOR_KEY));
  });
});

describe('/metrics in development', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    // Behind a proxy on this machine, so a request can come from another client's address.
    gw = await startGateway({ METRICS_TOKEN, TRUST_PROXY: 'loopback' });
  });
  afterAll(() => gw?.close());

  it('is open to this machine without a credential', async () => {
    expectMetrics(await scrape(gw, false));
    expectMetrics(await scrape(gw, false, { 'x-forwarded-for': '::1' }));
  });

  it('needs the token from any other address', async () => {
    const remote = { 'x-forwarded-for': '203.0.113.7' };
    expectProblem(await scrape(gw, false, remote), 'unauthorized');
    expectMetrics(await scrape(gw, METRICS_TOKEN, remote));
    expectMetrics(await scrape(gw, TEST_OPERATOR_KEY, remote));
  });
});
