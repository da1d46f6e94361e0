import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReferences } from '../../terraform/references';
import { brokenStack, providerFacts, theStack } from '../../terraform/paths';

test('every reference of the stack resolves: variables, locals, resources, data sources and their attributes', async () => {
  assert.deepEqual(await checkReferences(await theStack(), providerFacts()), []);
});

test('dangling references, misspelt attributes and wrong indexing are reported', async () => {
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
    ].sort(),
  );
});
