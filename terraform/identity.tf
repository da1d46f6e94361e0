# Least privilege: the dynamic group matches this one function, and the policy grants it reading
# this bucket's objects and pushing to this stream, and the Events and Functions services what they
# need (README "What the stack creates, step by step",
# step 3: a unit test checks that the README's statements are these).
resource "oci_identity_dynamic_group" "function" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.name}-function"
  description    = "The ${var.name} function (resource principal)"
  matching_rule  = "ALL {resource.type = 'fnfunc', resource.id = '${oci_functions_function.publisher.id}'}"
}

locals {
  dynamic_group = oci_identity_dynamic_group.function.name
  policy_statements = concat(
    [
      "Allow dynamic-group ${local.dynamic_group} to read objects in compartment id ${local.bucket_compartment_id} where target.bucket.name = '${local.bucket_name}'",
      "Allow dynamic-group ${local.dynamic_group} to use stream-push in compartment id ${var.compartment_ocid} where target.stream.id = '${oci_streaming_stream.objects.id}'",
    ],
    # Reference URLs are pre-authenticated requests the function creates on the bucket.
    var.reference_url_ttl_seconds > 0 ? [
      "Allow dynamic-group ${local.dynamic_group} to manage buckets in compartment id ${local.bucket_compartment_id} where all {target.bucket.name = '${local.bucket_name}', request.permission = 'PAR_MANAGE'}",
    ] : [],
    [
      # The Events service delivers the bucket's events to the function.
      "Allow service cloudEvents to use functions-family in compartment id ${var.compartment_ocid}",
      # The Functions service attaches the function to the subnet and pulls its image (OCI's
      # "Creating Policies to Control Access to Network and Function-Related Resources").
      "Allow service faas to use virtual-network-family in compartment id ${local.network_compartment_id}",
      "Allow service faas to read repos in tenancy",
    ],
  )
}

# At the tenancy's root, beside the dynamic group: a policy can grant only in its own compartment
# and below, and an existing bucket may sit in another compartment than the function.
resource "oci_identity_policy" "function" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.name}-function"
  description    = "The ${var.name} function reads its bucket and pushes to its stream; Events invokes it"
  statements     = local.policy_statements
}
