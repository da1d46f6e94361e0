import type { VirtualNetworkClient, models } from 'oci-core';
import type { RouteRule, SecurityRule, SubnetInfo, VcnInfo } from '../model';
import type { Read } from '../ports';
import { allPages, readOf, text } from './reads';

type PortRange = { min: number; max: number } | undefined;

function tcpPorts(options: models.TcpOptions | undefined): PortRange {
  const range = options?.destinationPortRange;
  return range ? { min: range.min, max: range.max } : undefined;
}

/** The network reads, with the SDK's VirtualNetworkClient (oci-core). */
export class OciNetworkReads {
  constructor(private readonly client: VirtualNetworkClient) {}

  getSubnet(subnetId: string): Promise<Read<SubnetInfo>> {
    return readOf('getSubnet', async () => {
      const { subnet } = await this.client.getSubnet({ subnetId });
      return {
        id: subnet.id,
        displayName: subnet.displayName ?? subnet.id,
        vcnId: subnet.vcnId,
        cidrBlock: subnet.cidrBlock ?? '',
        dnsLabel: text(subnet.dnsLabel),
        routeTableId: subnet.routeTableId,
        securityListIds: subnet.securityListIds ?? [],
      };
    });
  }

  getVcn(vcnId: string): Promise<Read<VcnInfo>> {
    return readOf('getVcn', async () => {
      const { vcn } = await this.client.getVcn({ vcnId });
      return { id: vcn.id, displayName: vcn.displayName ?? vcn.id, dnsLabel: text(vcn.dnsLabel) };
    });
  }

  getSecurityListRules(securityListId: string): Promise<Read<SecurityRule[]>> {
    return readOf('getSecurityList', async () => {
      const { securityList } = await this.client.getSecurityList({ securityListId });
      return [
        ...securityList.ingressSecurityRules.map((rule): SecurityRule => ({ direction: 'ingress', protocol: rule.protocol, peer: rule.source, tcpPorts: tcpPorts(rule.tcpOptions) })),
        ...securityList.egressSecurityRules.map((rule): SecurityRule => ({ direction: 'egress', protocol: rule.protocol, peer: rule.destination, tcpPorts: tcpPorts(rule.tcpOptions) })),
      ];
    });
  }

  listNsgRules(networkSecurityGroupId: string): Promise<Read<SecurityRule[]>> {
    return readOf('listNetworkSecurityGroupSecurityRules', async () => {
      const rules = await allPages((page) => this.client.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId, ...(page ? { page } : {}) }));
      return rules.map(
        (rule): SecurityRule => ({
          direction: rule.direction === 'INGRESS' ? 'ingress' : 'egress',
          protocol: rule.protocol,
          peer: (rule.direction === 'INGRESS' ? rule.source : rule.destination) ?? '',
          tcpPorts: tcpPorts(rule.tcpOptions),
        }),
      );
    });
  }

  getRouteRules(rtId: string): Promise<Read<RouteRule[]>> {
    return readOf('getRouteTable', async () => {
      const { routeTable } = await this.client.getRouteTable({ rtId });
      return routeTable.routeRules.map((rule) => ({ destination: rule.destination ?? rule.cidrBlock ?? '', networkEntityId: rule.networkEntityId }));
    });
  }
}
