locals {
  object_event_types = concat(
    ["com.oraclecloud.objectstorage.createobject", "com.oraclecloud.objectstorage.updateobject"],
    var.deliver_delete_events ? ["com.oraclecloud.objectstorage.deleteobject"] : [],
  )
}

# The bucket's object events, acting on the function. Rules see the events of their own
# compartment, so the rule sits with the bucket. It waits for the policy: an event delivered
# before the function may read and push would fail.
resource "oci_events_rule" "uploads" {
  compartment_id = local.bucket_compartment_id
  display_name   = "${var.name}-uploads"
  description    = "Object events of ${local.bucket_name} to the ${var.name} function"
  is_enabled     = true
  condition = jsonencode({
    eventType = local.object_event_types
    data      = { additionalDetails = { bucketName = [local.bucket_name] } }
  })
  actions {
    action {
      action_type = "FAAS"
      is_enabled  = true
      function_id = oci_functions_function.publisher.id
    }
  }
  depends_on = [oci_identity_policy.function]
}
