# The application runs in the stream pool's subnet, behind the same NSG, so the function reaches
# the pool's private endpoint; the image is built and pushed before apply (README "Deploy to OCI").
resource "oci_functions_application" "app" {
  compartment_id             = var.compartment_ocid
  display_name               = var.name
  subnet_ids                 = [local.subnet_id]
  network_security_group_ids = [oci_core_network_security_group.function.id]
}

resource "oci_functions_function" "publisher" {
  application_id     = oci_functions_application.app.id
  display_name       = var.name
  image              = var.function_image
  memory_in_mbs      = var.function_memory_mb
  timeout_in_seconds = var.function_timeout_seconds
  # The function's configuration contract (README "Configuration"); values are strings.
  config = {
    OCI_STREAM_OCID           = oci_streaming_stream.objects.id
    OCI_STREAM_ENDPOINT       = local.stream_endpoint
    ALLOWED_BUCKETS           = "${local.namespace}/${local.bucket_name}"
    MAX_MESSAGE_BYTES         = tostring(var.max_message_bytes)
    MAX_OBJECT_BYTES          = tostring(var.max_object_bytes)
    PUBLISH_BYTES_PER_SECOND  = tostring(var.publish_bytes_per_second)
    REFERENCE_URL_TTL_SECONDS = tostring(var.reference_url_ttl_seconds)
    LOG_LEVEL                 = var.log_level
  }
}
