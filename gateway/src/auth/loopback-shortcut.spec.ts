import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { loopbackShortcutApplies } from './loopback-shortcut';

const request = (method: string, headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
  ({ method, headers, protocol: 'http', socket: { remoteAddress } }) as unknown as Request;

describe('loopbackShortcutApplies', () => {
  it('applies to a read from this machine that names this machine', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST', '127.0.0.1'])
      expect(loopbackShortcutApplies(request('GET', { host }), []), host).toBe(true);
    expect(loopbackShortcutApplies(request('GET', { host: 'localhost:3000' }, '::ffff:127.0.0.1'), [])).toBe(true);
  });

  it('never applies to another address, or to a Host that is not this machine (DNS rebinding)', () => {
    expect(loopbackShortcutApplies(request('GET', { host: 'localhost:3000' }, '192.168.1.20'), [])).toBe(false);
    for (const host of ['evil.example', 'evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io:3000', ''])
      expect(loopbackShortcutApplies(request('GET', { host }), []), host).toBe(false);
  });

  it('lets a state change through only from the gateway’s own page', () => {
    const host = 'localhost:3000';
    expect(loopbackShortcutApplies(request('POST', { host, origin: 'http://localhost:3000' }), [])).toBe(true);
    expect(loopbackShortcutApplies(request('DELETE', { host, 'sec-fetch-site': 'same-origin' }), [])).toBe(true);
    expect(loopbackShortcutApplies(request('POST', { host, 'sec-fetch-site': 'none' }), [])).toBe(true);
    expect(loopbackShortcutApplies(request('POST', { host, origin: 'http://localhost:5173' }), ['http://localhost:5173'])).toBe(true);
    expect(loopbackShortcutApplies(request('POST', { host, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }), [])).toBe(
      false,
    );
    expect(loopbackShortcutApplies(request('POST', { host, 'sec-fetch-site': 'same-site' }), [])).toBe(false);
    expect(loopbackShortcutApplies(request('POST', { host }), [])).toBe(false);
  });
});
