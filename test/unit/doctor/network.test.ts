import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecurityRule } from '../../../src/doctor/model';
import { cidrCovers, ruleAllowingTcp, serviceGatewayRoute } from '../../../src/doctor/network';

test('CIDR containment: blocks, single addresses, the whole internet; not OCIDs or labels', () => {
  assert.equal(cidrCovers('10.0.0.0/16', '10.0.1.0/24'), true);
  assert.equal(cidrCovers('10.0.1.0/24', '10.0.0.0/16'), false);
  assert.equal(cidrCovers('10.0.1.0/24', '10.0.1.10'), true);
  assert.equal(cidrCovers('10.0.1.0/24', '10.0.2.10'), false);
  assert.equal(cidrCovers('0.0.0.0/0', '192.168.7.1'), true);
  assert.equal(cidrCovers('10.0.1.7/24', '10.0.1.200'), true, 'host bits of the block are ignored');
  assert.equal(cidrCovers('ocid1.networksecuritygroup.oc1..x', '10.0.1.0/24'), false);
  assert.equal(cidrCovers('all-iad-services-in-oracle-services-network', '10.0.1.0/24'), false);
  assert.equal(cidrCovers('10.0.1.0/33', '10.0.1.1'), false);
  assert.equal(cidrCovers('10.0.256.0/24', '10.0.1.1'), false);
});

const rule = (overrides: Partial<SecurityRule>): SecurityRule => ({ direction: 'ingress', protocol: '6', peer: '10.0.1.0/24', tcpPorts: { min: 443, max: 443 }, ...overrides });

test('a rule lets TCP 443 through only with the right direction, protocol, ports and peer', () => {
  assert.ok(ruleAllowingTcp([rule({})], 'ingress', 443, '10.0.1.0/24'));
  assert.ok(ruleAllowingTcp([rule({ protocol: 'all', tcpPorts: undefined })], 'ingress', 443, '10.0.1.0/24'));
  assert.ok(ruleAllowingTcp([rule({ tcpPorts: { min: 1, max: 65535 } })], 'ingress', 443, '10.0.1.0/24'));
  assert.equal(ruleAllowingTcp([rule({ direction: 'egress' })], 'ingress', 443, '10.0.1.0/24'), undefined);
  assert.equal(ruleAllowingTcp([rule({ protocol: '17' })], 'ingress', 443, '10.0.1.0/24'), undefined, 'UDP');
  assert.equal(ruleAllowingTcp([rule({ tcpPorts: { min: 22, max: 22 } })], 'ingress', 443, '10.0.1.0/24'), undefined);
  assert.equal(ruleAllowingTcp([rule({ peer: '10.0.1.0/25' })], 'ingress', 443, '10.0.1.0/24'), undefined, 'half the subnet is not the subnet');
  assert.ok(ruleAllowingTcp([rule({ peer: 'ocid1.networksecuritygroup.oc1..fn' })], 'ingress', 443, '10.0.1.0/24', ['ocid1.networksecuritygroup.oc1..fn']));
});

test('a service gateway route is a rule whose target is a service gateway', () => {
  assert.ok(serviceGatewayRoute([{ destination: 'all-iad-services-in-oracle-services-network', networkEntityId: 'ocid1.servicegateway.oc1.iad.x' }]));
  assert.equal(serviceGatewayRoute([{ destination: '0.0.0.0/0', networkEntityId: 'ocid1.natgateway.oc1.iad.x' }]), undefined);
});
