import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses no webhook may reach unless allowed: loopback, private, link-local, shared, multicast, reserved. */
const DENIED: Array<[network: string, prefix: number, family: 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

export type ResolvedTarget = { address: string; family: 4 | 6 };

/** A target refused by the policy, or a host that does not resolve; the message is safe to show the operator. */
export class WebhookTargetRefused extends Error {}

/** Parses `a.b.c.d/n,x::/n` into a BlockList; throws on a malformed entry (checked when the configuration loads). */
export function parseCidrList(list: string): BlockList {
  const blocks = new BlockList();
  for (const entry of list
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [network, prefixText] = entry.split('/');
    const family = isIP(network);
    const prefix = Number(prefixText);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`not a CIDR: "${entry}"`);
    blocks.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return blocks;
}

/** An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function unmapped(address: string): ResolvedTarget {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 4 };
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

/**
 * Decides which addresses a webhook may be delivered to (SSRF guard). Every address a host resolves to
 * must be allowed, and the delivery connects to the address judged here (never a second lookup), so a
 * DNS answer that changes between the check and the connection cannot reach the private network.
 */
export class WebhookTargetPolicy {
  private readonly denied = new BlockList();
  private readonly allowed: BlockList;

  constructor(allowedPrivateCidrs: string) {
    for (const [network, prefix, family] of DENIED) this.denied.addSubnet(network, prefix, family);
    this.allowed = parseCidrList(allowedPrivateCidrs);
  }

  permits(address: string): boolean {
    const { address: plain, family } = unmapped(address);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    return !this.denied.check(plain, type) || this.allowed.check(plain, type);
  }

  /** The address to connect to for `hostname`, or WebhookTargetRefused. */
  async resolve(hostname: string): Promise<ResolvedTarget> {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: ResolvedTarget[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
    else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
      } catch {
        throw new WebhookTargetRefused(`host "${host}" does not resolve`);
      }
    }
    const refused = addresses.find((a) => !this.permits(a.address));
    if (refused || addresses.length === 0) {
      throw new WebhookTargetRefused(
        `host "${host}" resolves to ${refused?.address ?? 'nothing'}, a private, loopback or reserved address (allow it with WEBHOOK_ALLOWED_PRIVATE_CIDRS)`,
      );
    }
    return addresses[0];
  }
}
