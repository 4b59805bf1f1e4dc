import { describe, expect, it } from 'vitest';
import { addressBucketKey } from './client-address';

describe('addressBucketKey', () => {
  it('keeps an IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(addressBucketKey('10.0.0.7')).toBe('10.0.0.7');
    expect(addressBucketKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
  });

  it('counts every IPv6 address of one /64 as one client', () => {
    const one = addressBucketKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(one).toBe('2001:db8:1:2::/64');
    expect(addressBucketKey('2001:0db8:0001:0002::1')).toBe(one);
    expect(addressBucketKey('2001:db8:1:3::1')).not.toBe(one);
    expect(addressBucketKey('::1')).toBe('0:0:0:0::/64');
  });

  it('passes anything that is not an address through unchanged', () => {
    expect(addressBucketKey('unknown')).toBe('unknown');
  });
});
