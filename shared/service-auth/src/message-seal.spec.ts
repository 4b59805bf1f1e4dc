import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MessageSeal } from './message-seal';
import { DEVELOPMENT_SERVICE_AUTH_SECRET, ServiceAuthSecretSchema, serviceAuthSecretProblem } from './service-auth-secret';

const SECRET = 'a-test-secret-of-more-than-32-characters!';
const json = JSON.stringify({ pattern: 'keys.create', data: { site_id: 'x' }, id: '1' });

function clock(start = 1_800_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('MessageSeal', () => {
  it('opens what it sealed, giving back the exact JSON', () => {
    const seal = new MessageSeal({ secret: SECRET });
    expect(seal.open('request', seal.seal('request', json))).toEqual({ ok: true, json });
  });

  it('refuses an unsigned frame, another secret, a changed byte and the other direction', () => {
    const seal = new MessageSeal({ secret: SECRET });
    const sealed = seal.seal('request', json);
    expect(seal.open('request', json)).toEqual({ ok: false, reason: 'unsigned message' });
    expect(seal.open('request', new MessageSeal({ secret: `${SECRET}x` }).seal('request', json))).toMatchObject({
      reason: 'bad signature',
    });
    expect(seal.open('request', sealed.replace('"x"', '"y"'))).toMatchObject({ reason: 'bad signature' });
    expect(seal.open('response', sealed)).toMatchObject({ reason: 'bad signature' });
    expect(seal.open('request', 'v1.12.short.{}')).toMatchObject({ reason: 'malformed signature' });
  });

  it('refuses a timestamp older than the window or too far ahead', () => {
    const c = clock();
    const seal = new MessageSeal({ secret: SECRET, now: c.now, maxAgeMs: 30_000, maxSkewMs: 5_000 });
    const sealed = seal.seal('request', json);
    c.t += 30_001;
    expect(seal.open('request', sealed)).toMatchObject({ ok: false, reason: expect.stringMatching(/window/) });
    c.t -= 30_001 + 5_001;
    expect(seal.open('request', sealed)).toMatchObject({ ok: false, reason: expect.stringMatching(/window/) });
  });

  it('with replay refusal, accepts a message once for as long as its timestamp is accepted', () => {
    const c = clock();
    const seal = new MessageSeal({ secret: SECRET, now: c.now, maxAgeMs: 30_000, maxSkewMs: 5_000, refuseReplays: true });
    const sealed = seal.seal('request', json);
    expect(seal.open('request', sealed).ok).toBe(true);
    for (const step of [0, 20_000, 10_000]) {
      c.t += step;
      expect(seal.open('request', sealed)).toMatchObject({ ok: false, reason: 'replayed message' });
    }
    expect(seal.open('request', seal.seal('request', json)).ok).toBe(true);
  });

  it('refuses a replay whose MAC is spelled differently (the spare bits of its last character)', () => {
    const seal = new MessageSeal({ secret: SECRET, refuseReplays: true });
    const sealed = seal.seal('request', json);
    const [version, ts, mac] = sealed.split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${mac.slice(0, -1)}${alphabet[alphabet.indexOf(mac.at(-1) ?? '') ^ 1]}`;
    const copy = `${version}.${ts}.${respelled}.${json}`;
    expect(copy).not.toBe(sealed);
    expect(seal.open('request', sealed).ok).toBe(true);
    expect(seal.open('request', copy)).toEqual({ ok: false, reason: 'replayed message' });
  });

  it('remembers the MACs of the window without keeping the frames they came in alive', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const seal = new MessageSeal({ secret: SECRET, refuseReplays: true });
    const padding = 'x'.repeat(64 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    // 1000 distinct frames of 64 KiB, as a busy gateway sends them: 64 MiB in all.
    for (let i = 0; i < 1000; i++) expect(seal.open('request', seal.seal('request', JSON.stringify({ id: i, padding }))).ok).toBe(true);
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('SERVICE_AUTH_SECRET', () => {
  it('needs 32 visible characters; production refuses the development value', () => {
    expect(ServiceAuthSecretSchema.parse(undefined)).toBe(DEVELOPMENT_SERVICE_AUTH_SECRET);
    expect(ServiceAuthSecretSchema.safeParse('short').success).toBe(false);
    expect(ServiceAuthSecretSchema.safeParse(`${'x'.repeat(31)} `).success).toBe(false);
    expect(serviceAuthSecretProblem('production', DEVELOPMENT_SERVICE_AUTH_SECRET)).toMatch(/APP_ENV=production/);
    expect(serviceAuthSecretProblem('production', SECRET)).toBeNull();
    expect(serviceAuthSecretProblem('development', DEVELOPMENT_SERVICE_AUTH_SECRET)).toBeNull();
  });
});
