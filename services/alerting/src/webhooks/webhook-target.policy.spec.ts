import { describe, expect, it } from 'vitest';
import { parseCidrList, WebhookTargetPolicy, WebhookTargetRefused } from './webhook-target.policy';

describe('WebhookTargetPolicy', () => {
  const strict = new WebhookTargetPolicy('');

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.9',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '224.0.0.1',
  ])('refuses %s by default', (address) => {
    expect(strict.permits(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('permits the public address %s', (address) => {
    expect(strict.permits(address)).toBe(true);
  });

  it('permits private ranges listed in the configuration, and only those', () => {
    const loopback = new WebhookTargetPolicy('127.0.0.0/8, ::1/128');
    expect(loopback.permits('127.0.0.1')).toBe(true);
    expect(loopback.permits('::1')).toBe(true);
    expect(loopback.permits('::ffff:127.0.0.2')).toBe(true);
    expect(loopback.permits('10.0.0.1')).toBe(false);
  });

  it('refuses literal private hosts and unresolvable names with a reason', async () => {
    await expect(strict.resolve('127.0.0.1')).rejects.toThrow(WebhookTargetRefused);
    await expect(strict.resolve('[::1]')).rejects.toThrow(/private, loopback or reserved/);
    await expect(strict.resolve('localhost')).rejects.toThrow(WebhookTargetRefused);
    await expect(strict.resolve('no-such-host.invalid')).rejects.toThrow(/does not resolve/);
  });

  it('resolves an allowed literal to itself', async () => {
    expect(await new WebhookTargetPolicy('127.0.0.0/8').resolve('127.0.0.1')).toEqual({ address: '127.0.0.1', family: 4 });
  });

  it('rejects malformed CIDR lists', () => {
    expect(() => parseCidrList('127.0.0.1')).toThrow(/not a CIDR/);
    expect(() => parseCidrList('10.0.0.0/33')).toThrow(/not a CIDR/);
    expect(() => parseCidrList('nope/8')).toThrow(/not a CIDR/);
    expect(() => parseCidrList(' ')).not.toThrow();
  });
});
