import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStack, parseTf, tfFileNames } from '../../terraform/hcl';
import { checkArguments } from '../../terraform/providerSchema';
import { STACK_DIR, brokenStack, providerFacts, theStack } from '../../terraform/paths';

test('every .tf file of the stack parses with HashiCorp HCL parser', async () => {
  const files = tfFileNames(STACK_DIR);
  assert.ok(files.length >= 8, `expected the stack's files, found ${files.join(', ')}`);
  for (const file of files) await parseTf(file, readFileSync(join(STACK_DIR, file), 'utf8'));
});

test('a syntax error is reported with its file and line', async () => {
  const stack = brokenStack('syntax-error.tf');
  await assert.rejects(stack, /syntax-error\.tf:2,/);
});

test('every oci_* resource and data source sets only arguments the provider defines, and the required ones', async () => {
  const stack = await theStack();
  assert.deepEqual(checkArguments(stack, providerFacts()), []);
  const types = new Set([...stack.resources, ...stack.data].map((item) => item.type));
  assert.ok(types.has('oci_events_rule') && types.has('oci_core_network_security_group_security_rule'), 'the checked types include the rule and the NSG rules');
});

test('unknown arguments, blocks written as arguments, the docs-only security-list shape and deprecated forms are reported', async () => {
  const problems = checkArguments(await brokenStack('unknown-argument.tf'), providerFacts());
  const where = 'unknown-argument.tf: ';
  assert.deepEqual(
    problems.map((problem) => problem.replace(/ \(the provider defines .*\)$/, '')).sort(),
    [
      `${where}oci_core_subnet.private: unknown argument "dns_labl"`,
      `${where}oci_core_service_gateway.all: "services" is a block: write services { ... }`,
      `${where}oci_core_security_list.private.ingress_security_rules[0].tcp_options[0]: unknown argument "destination_port_range"`,
      `${where}oci_events_rule.uploads.actions[0]: "actions" is deprecated in the provider`,
    ].sort(),
  );
  assert.match(problems.find((problem) => problem.includes('dns_labl'))!, /the provider defines .*dns_label/);
});

test('missing required arguments are reported, nested blocks included', async () => {
  const problems = checkArguments(await brokenStack('missing-required.tf'), providerFacts());
  const where = 'missing-required.tf: ';
  assert.deepEqual(problems.sort(), [
    `${where}oci_streaming_stream.objects: missing required argument "partitions"`,
    `${where}oci_core_security_list.private.ingress_security_rules[0]: missing required argument "source"`,
    `${where}oci_functions_function.publisher: missing required argument "memory_in_mbs"`,
  ].sort());
});

test('dynamic blocks are checked as the blocks they write', async () => {
  const stack = await loadStack({
    'dynamic.tf': `
resource "oci_core_security_list" "private" {
  compartment_id = "ocid1.compartment.oc1..example"
  vcn_id         = "ocid1.vcn.oc1..example"
  dynamic "ingress_security_rules" {
    for_each = ["10.0.1.0/24"]
    content {
      source   = ingress_security_rules.value
      protocol = "6"
      tcp_option {
        min = 443
      }
    }
  }
}
`,
  });
  assert.deepEqual(
    checkArguments(stack, providerFacts()).map((problem) => problem.replace(/ \(the provider defines .*\)$/, '')),
    ['dynamic.tf: oci_core_security_list.private.ingress_security_rules[0]: unknown argument "tcp_option"'],
  );
});
