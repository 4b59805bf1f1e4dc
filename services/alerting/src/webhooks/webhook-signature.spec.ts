import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"x","type":"alert.raised"}';
  const now = Date.UTC(2026, 11, 2, 4, 0, 0);

  it('signs "<t>.<body>" with HMAC-SHA256 and the whole secret as key', () => {
    const header = signatureHeader(secret, body, now);
    const t = now / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it('verifies its own signature and refuses a changed body, another secret or a stale timestamp', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body, 300, now)).toBe(true);
    expect(verifySignature(secret, header, `${body} `, 300, now)).toBe(false);
    expect(verifySignature('whsec_other', header, body, 300, now)).toBe(false);
    expect(verifySignature(secret, header, body, 300, now + 301_000)).toBe(false);
    expect(verifySignature(secret, 't=abc,v1=00', body, 300, now)).toBe(false);
  });
});
