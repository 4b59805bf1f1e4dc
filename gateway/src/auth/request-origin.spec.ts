import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { isStateChanging, isTrustedOrigin } from './request-origin';

const request = (headers: Record<string, string>, protocol = 'http') => ({ headers, protocol }) as unknown as Request;

describe('isTrustedOrigin', () => {
  it('trusts the gateway’s own origin and configured ones', () => {
    expect(isTrustedOrigin(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }), [])).toBe(true);
    expect(isTrustedOrigin(request({ host: 'ops.example.com', origin: 'https://ops.example.com' }, 'https'), [])).toBe(true);
    expect(isTrustedOrigin(request({ host: 'api.example.com', origin: 'https://ops.example.com' }), ['https://ops.example.com'])).toBe(
      true,
    );
  });

  it('falls back to the Referer’s origin', () => {
    expect(isTrustedOrigin(request({ host: 'localhost:3000', referer: 'http://localhost:3000/sites/1' }), [])).toBe(true);
    expect(isTrustedOrigin(request({ host: 'localhost:3000', referer: 'http://evil.example/x' }), [])).toBe(false);
  });

  it('refuses another origin, another scheme, or no origin at all', () => {
    expect(isTrustedOrigin(request({ host: '127.0.0.1:3000', origin: 'http://evil.example' }), [])).toBe(false);
    expect(isTrustedOrigin(request({ host: '127.0.0.1:3000', origin: 'https://127.0.0.1:3000' }), [])).toBe(false);
    expect(isTrustedOrigin(request({ host: '127.0.0.1:3000', origin: 'null' }), [])).toBe(false);
    expect(isTrustedOrigin(request({ host: '127.0.0.1:3000' }), [])).toBe(false);
  });
});

describe('isStateChanging', () => {
  it('treats everything but GET, HEAD and OPTIONS as state-changing', () => {
    expect(['GET', 'head', 'OPTIONS'].map(isStateChanging)).toEqual([false, false, false]);
    expect(['POST', 'DELETE', 'PUT', 'PATCH'].map(isStateChanging)).toEqual([true, true, true, true]);
  });
});
