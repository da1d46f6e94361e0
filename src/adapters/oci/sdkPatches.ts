import * as common from 'oci-common';

/**
 * Not applied by the function any more: its transport (NodeHttpClient) never calls the check, and
 * PutMessages bodies no longer pass through the SDK as strings. Kept for the benchmark's
 * PutMessages probe (test/bench), which measures the SDK's own fetch client.
 *
 * oci-common checks whether a request body is empty with `Object.keys(body)`, which on a JSON
 * string allocates one string per character: ~0.45 s and tens of MB for one 1 MB PutMessages
 * (measured, oci-facts.md). For strings, `length === 0` gives the same answer in O(1).
 */
export function patchSdkEmptyBodyCheck(): void {
  const utils = common.utils as unknown as { isEmpty: (value: unknown) => boolean; __fnStreamingPatched?: true };
  if (utils.__fnStreamingPatched) return;
  const original = utils.isEmpty;
  utils.isEmpty = (value: unknown) => (typeof value === 'string' ? value.length === 0 : original(value));
  utils.__fnStreamingPatched = true;
}
