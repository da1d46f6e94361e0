import { fail, notChecked, pass, type Finding } from '../findings';
import type { ApplicationInfo, SecurityRule, StreamPoolInfo, SubnetInfo, VcnInfo } from '../model';
import { firstUsableAddress, ruleAllowingTcp, serviceGatewayRoute } from '../network';
import type { DoctorReader, PathAnalyzer, Read } from '../ports';
import { unreadFinding } from './reads';

const HTTPS = 443;
const NETWORK_READ = 'read virtual-network-family in the network\'s compartment';

interface Side {
  subnet: SubnetInfo;
  vcn: VcnInfo;
  rules: SecurityRule[];
}

type SideRead = { ok: true; side: Side } | { ok: false; finding: Finding };

async function all<T>(reads: Array<Promise<Read<T[]>>>): Promise<Read<T[]>> {
  const results = await Promise.all(reads);
  const unread = results.find((result) => !result.ok);
  if (unread && !unread.ok) return unread;
  return { ok: true, value: results.flatMap((result) => (result.ok ? result.value : [])) };
}

/** A subnet, its VCN, and the rules of its security lists and of the NSGs given. */
async function readSide(reader: DoctorReader, subnetId: string, nsgIds: readonly string[], title: string): Promise<SideRead> {
  const subnet = await reader.getSubnet(subnetId);
  if (!subnet.ok) return { ok: false, finding: unreadFinding('network', title, subnet, NETWORK_READ) };
  const vcn = await reader.getVcn(subnet.value.vcnId);
  if (!vcn.ok) return { ok: false, finding: unreadFinding('network', title, vcn, NETWORK_READ) };
  const rules = await all([...subnet.value.securityListIds.map((id) => reader.getSecurityListRules(id)), ...nsgIds.map((id) => reader.listNsgRules(id))]);
  if (!rules.ok) return { ok: false, finding: unreadFinding('network', title, rules, NETWORK_READ) };
  return { ok: true, side: { subnet: subnet.value, vcn: vcn.value, rules: rules.value } };
}

function dnsFinding(sides: readonly Side[]): Finding {
  const missing = sides.flatMap(({ subnet, vcn }) => [
    ...(vcn.dnsLabel ? [] : [`VCN ${vcn.displayName}`]),
    ...(subnet.dnsLabel ? [] : [`subnet ${subnet.displayName}`]),
  ]);
  const unique = [...new Set(missing)];
  if (unique.length === 0) return pass('network', 'DNS labels', 'the VCN and the subnets have DNS labels: the pool\'s FQDN resolves inside the subnet');
  return fail(
    'network',
    'DNS labels',
    `no DNS label on ${unique.join(', ')}: the pool's endpoint FQDN does not resolve there`,
    'A DNS label can be set only when the VCN or subnet is created: create the subnet again (and its VCN, if it has none) with a DNS label (oci network subnet create ... --dns-label <label>), then move the application and the stream pool to it',
  );
}

function reachFinding(fnSide: Side, poolSide: Side, pool: StreamPoolInfo, application: ApplicationInfo): Finding {
  const target = pool.privateEndpoint?.ip ?? poolSide.subnet.cidrBlock;
  const egress = ruleAllowingTcp(fnSide.rules, 'egress', HTTPS, target);
  const ingress = ruleAllowingTcp(poolSide.rules, 'ingress', HTTPS, fnSide.subnet.cidrBlock, application.nsgIds);
  if (egress && ingress) {
    return pass('network', 'TCP 443 to the pool\'s endpoint', `egress to ${egress.peer} and ingress from ${ingress.peer} on TCP 443 (security rules read: the Network Path Analyzer was not available to the caller)`);
  }
  const gaps = [
    ...(egress ? [] : [`no egress rule of subnet ${fnSide.subnet.displayName} (security lists or the application's NSGs) allows TCP 443 to ${target}`]),
    ...(ingress ? [] : [`no ingress rule of subnet ${poolSide.subnet.displayName} (security lists or the pool's NSGs) allows TCP 443 from ${fnSide.subnet.cidrBlock}`]),
  ];
  const fixes = [
    ...(egress ? [] : [`Networking → Virtual cloud networks → ${fnSide.vcn.displayName} → Security Lists → (the subnet's list) → Add Egress Rules: destination ${target}, IP protocol TCP, destination port 443`]),
    ...(ingress ? [] : [`Networking → Virtual cloud networks → ${poolSide.vcn.displayName} → Security Lists → (the subnet's list) → Add Ingress Rules: source ${fnSide.subnet.cidrBlock}, IP protocol TCP, destination port 443`]),
  ];
  return fail('network', 'TCP 443 to the pool\'s endpoint', gaps.join('; '), fixes.join('\n'));
}

async function routeFinding(reader: DoctorReader, subnet: SubnetInfo): Promise<Finding> {
  const title = 'route to a service gateway';
  const rules = await reader.getRouteRules(subnet.routeTableId);
  if (!rules.ok) return unreadFinding('network', title, rules, NETWORK_READ);
  const route = serviceGatewayRoute(rules.value);
  if (route) return pass('network', title, `${route.destination} through ${route.networkEntityId}: Object Storage and the image registry without a public IP`);
  return fail(
    'network',
    title,
    `the route table of subnet ${subnet.displayName} has no rule to a service gateway: the function cannot read objects or pull its image`,
    `Networking → Virtual cloud networks → (the VCN) → Service Gateways → Create ("All <region> Services in Oracle Services Network"), then Route Tables → ${subnet.routeTableId} → Add Route Rule: target type Service Gateway, destination "All <region> Services"`,
  );
}

/** OCI's Network Path Analyzer, where the caller may use it; undefined (read the rules instead) where not. */
async function analyzerFinding(analyzer: PathAnalyzer | undefined, application: ApplicationInfo, fnSubnet: SubnetInfo, ip: string | undefined, signal?: AbortSignal): Promise<Finding | undefined> {
  const address = firstUsableAddress(fnSubnet.cidrBlock);
  if (!analyzer || ip === undefined || address === undefined) return undefined;
  const answer = await analyzer.tcpReachability({ compartmentId: application.compartmentId, subnetId: fnSubnet.id, address }, { ip, port: HTTPS }, signal);
  if (!answer.ok) return undefined;
  const title = 'TCP 443 to the pool\'s endpoint';
  if (answer.value.reachable) return pass('network', title, `the Network Path Analyzer finds ${ip}:443 reachable from the function's subnet (${answer.value.detail})`);
  return fail('network', title, `the Network Path Analyzer finds ${ip}:443 unreachable from the function's subnet: ${answer.value.detail}`, 'Networking → Network Command Center → Network Path Analyzer: run the same analysis and fix the rule or route it names');
}

/** Check 4: DNS, TCP 443 from the function's subnet to the pool's endpoint, and a service gateway route. */
export async function checkNetwork(
  reader: DoctorReader,
  application: ApplicationInfo,
  pool: StreamPoolInfo,
  analyzer?: PathAnalyzer,
  signal?: AbortSignal,
): Promise<Finding[]> {
  const fnSubnetId = application.subnetIds[0];
  if (fnSubnetId === undefined) return [notChecked('network', 'the application\'s subnet', 'an application with a subnet')];
  if (!pool.privateEndpoint) return [notChecked('network', 'the pool\'s subnet', 'a private stream pool (see the stream check)')];
  const fnSide = await readSide(reader, fnSubnetId, application.nsgIds, 'the application\'s subnet');
  const poolSide = await readSide(reader, pool.privateEndpoint.subnetId, pool.privateEndpoint.nsgIds, 'the pool\'s subnet');
  if (!fnSide.ok || !poolSide.ok) return [...(fnSide.ok ? [] : [fnSide.finding]), ...(poolSide.ok ? [] : [poolSide.finding])];
  const analyzed = await analyzerFinding(analyzer, application, fnSide.side.subnet, pool.privateEndpoint.ip, signal);
  return [
    dnsFinding([fnSide.side, poolSide.side]),
    analyzed ?? reachFinding(fnSide.side, poolSide.side, pool, application),
    await routeFinding(reader, fnSide.side.subnet),
  ];
}
