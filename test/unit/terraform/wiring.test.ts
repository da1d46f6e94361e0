import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ConfigSchema } from '../../../src/config/schema';
import { evaluate } from '../../terraform/evaluate';
import { block, find, stringsIn, type Body } from '../../terraform/hcl';
import { STACK_DIR, theStack } from '../../terraform/paths';

const FUNCTION_ID = '${oci_functions_function.publisher.id}';
const NSG_ID = '${oci_core_network_security_group.function.id}';

test('the Events rule acts on this function, enabled', async () => {
  const stack = await theStack();
  const rule = find(stack, 'resource', 'oci_events_rule', 'uploads').body;
  const action = block(block(rule, 'actions'), 'action');
  assert.deepEqual(action, { action_type: 'FAAS', is_enabled: true, function_id: FUNCTION_ID });
  assert.equal(rule['is_enabled'], true);
  assert.equal(stack.resources.filter((item) => item.type === 'oci_functions_function').length, 1);
});

test("the function's configuration names this stream and https + its messages endpoint, whichever form the provider reports", async () => {
  const stack = await theStack();
  const config = find(stack, 'resource', 'oci_functions_function', 'publisher').body['config'] as Body;
  assert.equal(config['OCI_STREAM_OCID'], '${oci_streaming_stream.objects.id}');
  for (const reported of ['cell-1.streaming.eu-frankfurt-1.oci.oraclecloud.com', 'https://cell-1.streaming.eu-frankfurt-1.oci.oraclecloud.com']) {
    const endpoint = await evaluate(config['OCI_STREAM_ENDPOINT'], { stack, placeholders: { 'oci_streaming_stream.objects.messages_endpoint': reported } });
    assert.equal(endpoint, 'https://cell-1.streaming.eu-frankfurt-1.oci.oraclecloud.com');
  }
});

test("with the variables' defaults the configuration passes the function's own schema and equals its defaults", async () => {
  const stack = await theStack();
  const config = (await evaluate(find(stack, 'resource', 'oci_functions_function', 'publisher').body['config'], {
    stack,
    variables: { compartment_ocid: 'ocid1.compartment.oc1..example' },
    placeholders: {
      'oci_streaming_stream.objects.id': 'ocid1.stream.oc1.eu-frankfurt-1.example',
      'oci_streaming_stream.objects.messages_endpoint': 'cell-1.streaming.eu-frankfurt-1.oci.oraclecloud.com',
      'data.oci_objectstorage_namespace.tenancy.namespace': 'examplens',
    },
  })) as Record<string, string>;
  const known = Object.keys(ConfigSchema.in.shape);
  for (const name of Object.keys(config)) assert.ok(known.includes(name), `${name} is not one of the function's settings`);
  const parsed = ConfigSchema.safeParse(config);
  assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
  const defaults = ConfigSchema.parse({ OCI_STREAM_OCID: config['OCI_STREAM_OCID'], OCI_STREAM_ENDPOINT: config['OCI_STREAM_ENDPOINT'] });
  assert.deepEqual(parsed.data, { ...defaults, allowedBuckets: ['examplens/fn-streaming-uploads'] });
});

test("memory and timeout default to func.yaml's", async () => {
  const stack = await theStack();
  const funcYaml = parseYaml(readFileSync(join(STACK_DIR, '..', 'func.yaml'), 'utf8')) as { memory: number; timeout: number };
  assert.equal(stack.variables['function_memory_mb']!['default'], funcYaml.memory);
  assert.equal(stack.variables['function_timeout_seconds']!['default'], funcYaml.timeout);
  const fn = find(stack, 'resource', 'oci_functions_function', 'publisher').body;
  assert.equal(fn['memory_in_mbs'], '${var.function_memory_mb}');
  assert.equal(fn['timeout_in_seconds'], '${var.function_timeout_seconds}');
});

test('the created network: VCN and private subnet with DNS labels, a service gateway for all services and its route', async () => {
  const stack = await theStack();
  assert.match(String(find(stack, 'resource', 'oci_core_vcn', 'network').body['dns_label']), /^[a-z][a-z0-9]{0,14}$/);
  const subnet = find(stack, 'resource', 'oci_core_subnet', 'private').body;
  assert.match(String(subnet['dns_label']), /^[a-z][a-z0-9]{0,14}$/);
  assert.equal(subnet['prohibit_public_ip_on_vnic'], true);
  assert.equal(subnet['route_table_id'], '${oci_core_route_table.private[0].id}');
  const route = block(find(stack, 'resource', 'oci_core_route_table', 'private').body, 'route_rules');
  assert.deepEqual(route, {
    destination: '${data.oci_core_services.all.services[0].cidr_block}',
    destination_type: 'SERVICE_CIDR_BLOCK',
    network_entity_id: '${oci_core_service_gateway.all_services[0].id}',
  });
  const gateway = find(stack, 'resource', 'oci_core_service_gateway', 'all_services').body;
  assert.equal(block(gateway, 'services')['service_id'], '${data.oci_core_services.all.services[0].id}');
  const filter = block(find(stack, 'data', 'oci_core_services', 'all').body, 'filter');
  assert.deepEqual(filter, { name: 'name', values: ['All .* Services In Oracle Services Network'], regex: true });
});

test("the function's NSG sits on the pool's private endpoint and the application, and lets TCP 443 through to the endpoint and to the services", async () => {
  const stack = await theStack();
  const pool = block(find(stack, 'resource', 'oci_streaming_stream_pool', 'private').body, 'private_endpoint_settings');
  const app = find(stack, 'resource', 'oci_functions_application', 'app').body;
  assert.deepEqual(pool['nsg_ids'], [NSG_ID]);
  assert.deepEqual(app['network_security_group_ids'], [NSG_ID]);
  assert.equal(pool['subnet_id'], '${local.subnet_id}');
  assert.deepEqual(app['subnet_ids'], ['${local.subnet_id}']);
  const rules = stack.resources.filter((item) => item.type === 'oci_core_network_security_group_security_rule').map((item) => item.body);
  const https443 = (rule: Body) => rule['protocol'] === '6' && isDeepStrictEqual(block(rule, 'tcp_options'), { destination_port_range: [{ min: 443, max: 443 }] });
  assert.ok(rules.every((rule) => rule['network_security_group_id'] === NSG_ID && https443(rule)), 'every rule is TCP 443 on the function NSG');
  assert.ok(rules.some((rule) => rule['direction'] === 'INGRESS' && rule['source'] === NSG_ID && rule['source_type'] === 'NETWORK_SECURITY_GROUP'), 'the endpoint accepts 443 from the function');
  assert.ok(rules.some((rule) => rule['direction'] === 'EGRESS' && rule['destination'] === NSG_ID && rule['destination_type'] === 'NETWORK_SECURITY_GROUP'), 'the function reaches the endpoint on 443');
  assert.ok(rules.some((rule) => rule['direction'] === 'EGRESS' && rule['destination_type'] === 'SERVICE_CIDR_BLOCK'), 'the function reaches the services on 443');
});

test('an existing bucket or subnet is only read (a data source), never created, changed or destroyed', async () => {
  const stack = await theStack();
  const pairs = [
    ['oci_objectstorage_bucket', 'uploads', 'existing', 'create_bucket'],
    ['oci_core_subnet', 'private', 'existing', 'create_network'],
  ] as const;
  for (const [type, created, existing, toggle] of pairs) {
    assert.equal(find(stack, 'resource', type, created).body['count'], `\${var.${toggle} ? 1 : 0}`);
    assert.equal(find(stack, 'data', type, existing).body['count'], `\${var.${toggle} ? 0 : 1}`);
  }
  assert.equal(find(stack, 'resource', 'oci_objectstorage_bucket', 'uploads').body['object_events_enabled'], true);
  for (const type of ['oci_core_vcn', 'oci_core_service_gateway', 'oci_core_route_table', 'oci_core_security_list']) {
    for (const item of stack.resources.filter((candidate) => candidate.type === type)) assert.equal(item.body['count'], '${var.create_network ? 1 : 0}', `${type}.${item.name}`);
  }
});

test("the invocation log is the application's functions/invoke service log", async () => {
  const stack = await theStack();
  const log = find(stack, 'resource', 'oci_logging_log', 'invocations').body;
  assert.equal(log['log_type'], 'SERVICE');
  assert.equal(log['is_enabled'], true);
  assert.deepEqual(block(block(log, 'configuration'), 'source'), {
    source_type: 'OCISERVICE',
    service: 'functions',
    category: 'invoke',
    resource: '${oci_functions_application.app.id}',
  });
});

test('the dynamic group matches this function only, and the policy grants it', async () => {
  const stack = await theStack();
  const group = find(stack, 'resource', 'oci_identity_dynamic_group', 'function').body;
  assert.equal(group['matching_rule'], `ALL {resource.type = 'fnfunc', resource.id = '${FUNCTION_ID}'}`);
  assert.equal(find(stack, 'resource', 'oci_identity_policy', 'function').body['statements'], '${local.policy_statements}');
  assert.equal(stack.locals['dynamic_group'], '${oci_identity_dynamic_group.function.name}');
});

test("identity is written in the tenancy's home region, through the provider configured for it", async () => {
  const stack = await theStack();
  for (const [type, name] of [
    ['oci_identity_dynamic_group', 'function'],
    ['oci_identity_policy', 'function'],
  ] as const) {
    assert.equal(find(stack, 'resource', type, name).body['provider'], '${oci.home}', `${type}.${name}`);
  }
  const home = stack.providers['oci']!.find((configuration) => configuration['alias'] === 'home');
  assert.equal(home?.['region'], '${local.home_region}');
  assert.match(String(stack.locals['home_region']), /region\.key == data\.oci_identity_tenancy\.this\.home_region_key/);
  for (const item of stack.resources.filter((candidate) => candidate.type.startsWith('oci_identity_'))) assert.equal(item.body['provider'], '${oci.home}', `${item.type}.${item.name}`);
});

test('applying twice changes nothing: no clock, random or generated values in any argument', async () => {
  const stack = await theStack();
  for (const item of stack.resources) assert.doesNotMatch(item.type, /^(random|time)_/, `${item.type}.${item.name}`);
  for (const [file, json] of Object.entries(stack.files)) {
    for (const { path, text } of stringsIn(json, file)) assert.doesNotMatch(text, /\b(timestamp|plantimestamp|uuid|uuidv5|bcrypt)\(/, path);
  }
});

test('Terraform 1.5 or later and the oracle/oci provider pinned', async () => {
  const stack = await theStack();
  const terraform = (stack.files['versions.tf']!['terraform'] as Body[])[0]!;
  assert.equal(terraform['required_version'], '>= 1.5');
  const oci = ((terraform['required_providers'] as Body[])[0]!['oci'] as Body);
  assert.equal(oci['source'], 'oracle/oci');
  assert.match(String(oci['version']), /^~> 8\.\d+$/);
});
