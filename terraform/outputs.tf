output "function_id" {
  description = "The function's OCID"
  value       = oci_functions_function.publisher.id
}

output "function_invoke_endpoint" {
  description = "The function's invoke endpoint"
  value       = oci_functions_function.publisher.invoke_endpoint
}

output "stream_id" {
  description = "The stream's OCID (OCI_STREAM_OCID)"
  value       = oci_streaming_stream.objects.id
}

output "stream_endpoint" {
  description = "The private stream pool's messages endpoint (OCI_STREAM_ENDPOINT), reachable only from the subnet"
  value       = local.stream_endpoint
}

output "stream_pool_id" {
  description = "The private stream pool's OCID"
  value       = oci_streaming_stream_pool.private.id
}

output "bucket" {
  description = "The bucket whose uploads reach the stream, as namespace/name"
  value       = "${local.namespace}/${local.bucket_name}"
}

output "invocation_log_id" {
  description = "The function's invocation log (Logging -> Logs, or oci logging-search search-logs)"
  value       = oci_logging_log.invocations.id
}

output "try_it" {
  description = "Upload a file, then invoke the function with its event by hand (from the repository root, with the Fn CLI on this application)"
  value       = <<-EOT
    oci os object put -ns ${local.namespace} -bn ${local.bucket_name} --file hello.txt
    jq --arg ns ${local.namespace} --arg b ${local.bucket_name} '.data.resourceName = "hello.txt" | .data.resourceId = "/n/\($ns)/b/\($b)/o/hello.txt" | .data.additionalDetails.namespace = $ns | .data.additionalDetails.bucketName = $b | del(.data.additionalDetails.eTag)' test/fixtures/events/createobject-unversioned.json | fn invoke ${oci_functions_application.app.display_name} ${oci_functions_function.publisher.display_name}
  EOT
}

output "read_the_stream" {
  description = "Read the stream back, from inside the subnet (the pool is private)"
  value       = "OCI_STREAM_ENDPOINT=${local.stream_endpoint} OCI_STREAM_OCID=${oci_streaming_stream.objects.id} npm run consume"
}

output "check_it" {
  description = "Check the whole chain (README \"Check a deployment\")"
  value       = "npm run doctor -- --function ${oci_functions_function.publisher.id} --bucket ${local.bucket_name}"
}
