# A private pool: its endpoint is an address in the function's subnet, behind the function's NSG.
resource "oci_streaming_stream_pool" "private" {
  compartment_id = var.compartment_ocid
  name           = var.name
  private_endpoint_settings {
    subnet_id = local.subnet_id
    nsg_ids   = [oci_core_network_security_group.function.id]
  }
}

resource "oci_streaming_stream" "objects" {
  name               = var.stream_name
  partitions         = var.stream_partitions
  retention_in_hours = var.stream_retention_hours
  stream_pool_id     = oci_streaming_stream_pool.private.id
}

locals {
  # The endpoint StreamClient takes: https and the stream's messages endpoint, the private pool's
  # FQDN (TLS checks the name, so never its IP). Whether the provider reports it with or without
  # the scheme, the function gets it once.
  stream_endpoint = "https://${trimprefix(oci_streaming_stream.objects.messages_endpoint, "https://")}"
}
