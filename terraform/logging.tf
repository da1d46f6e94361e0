# Without an invocation log the function's stdout goes nowhere: on from the first event.
resource "oci_logging_log_group" "function" {
  compartment_id = var.compartment_ocid
  display_name   = var.name
  description    = "The ${var.name} function's invocation logs"
}

resource "oci_logging_log" "invocations" {
  log_group_id       = oci_logging_log_group.function.id
  display_name       = "${var.name}-invoke"
  log_type           = "SERVICE"
  is_enabled         = true
  retention_duration = var.log_retention_days
  configuration {
    compartment_id = var.compartment_ocid
    source {
      source_type = "OCISERVICE"
      service     = "functions"
      category    = "invoke"
      resource    = oci_functions_application.app.id
    }
  }
}
