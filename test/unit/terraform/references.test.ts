import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadStack } from '../../terraform/hcl';
import { checkReferences } from '../../terraform/references';
import { brokenStack, providerFacts, theStack } from '../../terraform/paths';

test('every reference of the stack resolves: variables, locals, resources, data sources and their attributes', async () => {
  assert.deepEqual(await checkReferences(await theStack(), providerFacts()), []);
});

test('dangling references, misspelt attributes, wrong indexing and unconfigured providers are reported', async () => {
  const problems = await checkReferences(await brokenStack('dangling-reference.tf'), providerFacts());
  const where = 'dangling-reference.tf: ';
  assert.deepEqual(
    problems.map((problem) => problem.replace(/ \(the provider has .*\)$/, '')).sort(),
    [
      `${where}oci_streaming_stream.objects.name: var.stream_name: no variable "stream_name" is declared`,
      `${where}oci_streaming_stream.objects.stream_pool_id: oci_streaming_stream_pool.private.id: no resource oci_streaming_stream_pool.private is declared`,
      `${where}oci_core_subnet.private.compartment_id: local.compartment: no local "compartment" is defined`,
      `${where}oci_core_subnet.private.vcn_id: oci_core_vcn.network.id: oci_core_vcn.network has count: index it ([0])`,
      `${where}oci_core_subnet.private.display_name: count.index: count.index outside a block with count`,
      `${where}local.endpoint: oci_streaming_stream.objects.messages_endpont: no attribute "messages_endpont"`,
      `${where}output.pool.value: data.oci_streaming_stream_pool.private.endpoint_fqdn: no data source oci_streaming_stream_pool.private is declared`,
      `${where}oci_identity_policy.function.provider: no provider oci.homeregion is configured`,
      `${where}provider.oci.region: local.home: no local "home" is defined`,
    ].sort(),
  );
});

test('for_each, dynamic iterators and self resolve where Terraform defines them, and only there', async () => {
  const stack = await loadStack({
    'scopes.tf': `
resource "oci_core_vcn" "each" {
  for_each       = toset(["a", "b"])
  compartment_id = each.value
  display_name   = "vcn-\${each.key}"
}

resource "oci_core_security_list" "private" {
  compartment_id = "ocid1.compartment.oc1..example"
  vcn_id         = oci_core_vcn.each["a"].id
  dynamic "ingress_security_rules" {
    for_each = ["10.0.1.0/24"]
    content {
      source   = ingress_security_rules.value
      protocol = each.value
    }
  }
  lifecycle {
    postcondition {
      condition     = self.vcn_idd != ""
      error_message = "x"
    }
  }
}

output "unindexed" {
  value = oci_core_vcn.each.id
}
`,
  });
  assert.deepEqual((await checkReferences(stack, providerFacts())).map((problem) => problem.replace(/ \(the provider has .*\)$/, '')).sort(), [
    'scopes.tf: oci_core_security_list.private.dynamic.ingress_security_rules[0].content[0].protocol: each.value: each outside a block with for_each',
    'scopes.tf: oci_core_security_list.private.lifecycle[0].postcondition[0].condition: self.vcn_idd: no attribute "vcn_idd"',
    'scopes.tf: output.unindexed.value: oci_core_vcn.each.id: oci_core_vcn.each has for_each: index it (["key"])',
  ]);
});
