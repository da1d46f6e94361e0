import type { Environment } from './evaluate';
import type { Stack } from './hcl';

/**
 * The values only OCI knows, as the README's manual steps write them. With these, the stack's
 * policy statements and Events condition evaluate to exactly the README's text.
 */
export const README_PLACEHOLDERS: Record<string, string> = {
  'oci_streaming_stream.objects.id': '<stream OCID>',
  'oci_streaming_stream.objects.messages_endpoint': '<messages endpoint FQDN>',
  'oci_functions_function.publisher.id': '<function OCID>',
  'oci_objectstorage_bucket.uploads.compartment_id': '<compartment OCID>',
  'data.oci_objectstorage_namespace.tenancy.namespace': '<namespace>',
};

export const README_VARIABLES: Record<string, unknown> = {
  compartment_ocid: '<compartment OCID>',
  bucket_name: '<bucket>',
};

export function readmeEnvironment(stack: Stack, variables: Record<string, unknown> = {}): Environment {
  return { stack, variables: { ...README_VARIABLES, ...variables }, placeholders: README_PLACEHOLDERS };
}
