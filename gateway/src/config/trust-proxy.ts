import ipaddr from 'ipaddr.js';

/** What Express's `trust proxy` receives: nothing, a hop count, or the proxies' addresses/CIDRs. */
export type TrustProxy = false | number | string[];

export const TRUST_PROXY_HELP =
  'Set TRUST_PROXY to the number of proxies in front of the gateway (e.g. 1) or to their addresses/CIDRs (e.g. 10.0.0.0/8,192.168.1.5); unset or false trusts none';

/** Express's named ranges (proxy-addr), accepted as list entries. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  if (!entry.includes('/')) return ipaddr.isValid(entry);
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

/** The parsed setting, or why it is refused. `true` is refused: it trusts every hop, so the client picks its own address. */
export function parseTrustProxy(raw: string): TrustProxy | string {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return 'TRUST_PROXY=true trusts every hop, so a client could pick its own address with X-Forwarded-For';
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 16) return `TRUST_PROXY=${value} hops is more proxies than any deployment has`;
    return hops === 0 ? false : hops;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length > 0 || entries.length === 0) return `TRUST_PROXY has entries that are neither an address nor a CIDR: ${bad.join(', ')}`;
  return entries;
}
