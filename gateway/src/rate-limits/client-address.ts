import ipaddr from 'ipaddr.js';

/**
 * The part of a client address that limits count by: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber's prefix: a client holds the whole /64 and could otherwise rotate through 2^64 addresses).
 * An IPv4-mapped IPv6 address (`::ffff:10.0.0.7`) counts as its IPv4 address.
 */
export function addressBucketKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}

/** The client's address: the socket's peer, or behind TRUST_PROXY the one the last trusted proxy saw (Express req.ip). */
export function clientAddress(req: { ip?: string; socket: { remoteAddress?: string } }): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
