import type { RouteRule, SecurityRule } from './model';

interface Ipv4Range {
  first: number;
  last: number;
}

function ipv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** A CIDR block or a single address as the range it covers; undefined for anything else (an NSG OCID, a service label). */
export function ipv4Range(text: string): Ipv4Range | undefined {
  const [address, bitsText] = text.split('/');
  const base = ipv4(address ?? '');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/** The first address of a subnet OCI hands out (it keeps the first two and the last for itself). */
export function firstUsableAddress(cidr: string): string | undefined {
  const range = ipv4Range(cidr);
  if (range === undefined || range.last - range.first < 3) return undefined;
  const address = range.first + 2;
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** Whether `outer` covers every address of `inner` (both CIDRs or addresses). */
export function cidrCovers(outer: string, inner: string): boolean {
  const a = ipv4Range(outer);
  const b = ipv4Range(inner);
  return a !== undefined && b !== undefined && a.first <= b.first && b.last <= a.last;
}

/**
 * The first rule letting TCP to `port` through in `direction` for a peer: a CIDR covering
 * `peerCidr`, or (for NSG rules) one of `peerNsgIds`.
 */
export function ruleAllowingTcp(rules: readonly SecurityRule[], direction: SecurityRule['direction'], port: number, peerCidr: string, peerNsgIds: readonly string[] = []): SecurityRule | undefined {
  return rules.find(
    (rule) =>
      rule.direction === direction &&
      (rule.protocol === '6' || rule.protocol === 'all') &&
      (rule.tcpPorts === undefined || (rule.tcpPorts.min <= port && port <= rule.tcpPorts.max)) &&
      (cidrCovers(rule.peer, peerCidr) || peerNsgIds.includes(rule.peer)),
  );
}

/** A route rule through a service gateway: Object Storage and the image registry without a public IP. */
export function serviceGatewayRoute(rules: readonly RouteRule[]): RouteRule | undefined {
  return rules.find((rule) => rule.networkEntityId.startsWith('ocid1.servicegateway.'));
}
