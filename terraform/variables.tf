# Resource Manager fills tenancy_ocid, region and compartment_ocid itself; with the terraform CLI
# give them in terraform.tfvars (see README "Deploy to OCI").
variable "tenancy_ocid" {
  type        = string
  description = "The tenancy's OCID: the dynamic group and the policy live at its root."
}

variable "region" {
  type        = string
  description = "The region identifier, e.g. eu-frankfurt-1."
}

variable "compartment_ocid" {
  type        = string
  description = "The compartment for everything the stack creates."
}

variable "name" {
  type        = string
  default     = "fn-streaming"
  description = "Prefix of every name the stack gives; the dynamic group and policy names must be unique in the tenancy."
  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9-]{0,39}$", var.name))
    error_message = "name: letters, digits and hyphens, starting with a letter, at most 40 characters."
  }
}

variable "create_bucket" {
  type        = bool
  default     = true
  description = "true: create bucket_name, emitting object events. false: use the existing bucket_name, which must emit object events (it is never changed or destroyed)."
}

variable "bucket_name" {
  type        = string
  default     = "fn-streaming-uploads"
  description = "The bucket whose uploads reach the stream."
  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,256}$", var.bucket_name))
    error_message = "bucket_name: 1 to 256 letters, digits, '.', '_' or '-'."
  }
}

variable "create_network" {
  type        = bool
  default     = true
  description = "true: create a VCN with a private subnet, service gateway and route. false: use existing_subnet_id (never changed or destroyed)."
}

variable "vcn_cidr_block" {
  type        = string
  default     = "10.0.0.0/16"
  description = "The new VCN's CIDR block (create_network only)."
}

variable "subnet_cidr_block" {
  type        = string
  default     = "10.0.1.0/24"
  description = "The new private subnet's CIDR block, inside vcn_cidr_block (create_network only)."
}

variable "existing_subnet_id" {
  type        = string
  default     = ""
  description = "A private subnet with a DNS label in a VCN with a DNS label, routed to a service gateway for all services (create_network = false only)."
  validation {
    condition     = var.existing_subnet_id == "" || can(regex("^ocid1\\.subnet\\.", var.existing_subnet_id))
    error_message = "existing_subnet_id must be a subnet OCID (ocid1.subnet...)."
  }
}

variable "stream_name" {
  type        = string
  default     = "fn-streaming"
  description = "The stream's name."
}

variable "stream_partitions" {
  type        = number
  default     = 1
  description = "The stream's partitions; each takes writes at 1 MB/s."
  validation {
    condition     = var.stream_partitions >= 1 && floor(var.stream_partitions) == var.stream_partitions
    error_message = "stream_partitions must be a whole number, at least 1."
  }
}

variable "stream_retention_hours" {
  type        = number
  default     = 24
  description = "How long the stream keeps messages, 24 to 168 hours."
  validation {
    condition     = var.stream_retention_hours >= 24 && var.stream_retention_hours <= 168
    error_message = "stream_retention_hours must be 24 to 168."
  }
}

variable "function_image" {
  type        = string
  description = "The function's image in OCIR, pushed before apply: <region-key>.ocir.io/<tenancy namespace>/<repository>:<tag>."
  validation {
    condition     = can(regex("^[a-z0-9-]+\\.ocir\\.io/[^/]+/.+:[^/:]+$", var.function_image))
    error_message = "function_image must be an OCIR image with a tag: <region-key>.ocir.io/<tenancy namespace>/<repository>:<tag>."
  }
}

variable "function_memory_mb" {
  type        = number
  default     = 128
  description = "The function's memory (func.yaml: 128)."
  validation {
    condition     = var.function_memory_mb >= 128 && var.function_memory_mb <= 3072
    error_message = "function_memory_mb must be 128 to 3072."
  }
}

variable "function_timeout_seconds" {
  type        = number
  default     = 150
  description = "The function's timeout (func.yaml: 150)."
  validation {
    condition     = var.function_timeout_seconds >= 5 && var.function_timeout_seconds <= 300
    error_message = "function_timeout_seconds must be 5 to 300."
  }
}

variable "max_message_bytes" {
  type        = number
  default     = 1000000
  description = "MAX_MESSAGE_BYTES: budget for one message and one request (4096 to 1048576)."
  validation {
    condition     = var.max_message_bytes >= 4096 && var.max_message_bytes <= 1048576 && floor(var.max_message_bytes) == var.max_message_bytes
    error_message = "max_message_bytes must be a whole number, 4096 to 1048576."
  }
}

variable "max_object_bytes" {
  type        = number
  default     = 67108864
  description = "MAX_OBJECT_BYTES: larger objects go as a reference."
  validation {
    condition     = var.max_object_bytes >= 0 && floor(var.max_object_bytes) == var.max_object_bytes
    error_message = "max_object_bytes must be a whole number of bytes, 0 or more."
  }
}

variable "publish_bytes_per_second" {
  type        = number
  default     = 1000000
  description = "PUBLISH_BYTES_PER_SECOND: pace of a chunked delivery (at least 1024)."
  validation {
    condition     = var.publish_bytes_per_second >= 1024 && floor(var.publish_bytes_per_second) == var.publish_bytes_per_second
    error_message = "publish_bytes_per_second must be a whole number, at least 1024."
  }
}

variable "reference_url_ttl_seconds" {
  type        = number
  default     = 0
  description = "REFERENCE_URL_TTL_SECONDS: above 0, references carry a pre-authenticated URL valid this long, and the policy grants PAR_MANAGE on the bucket."
  validation {
    condition     = var.reference_url_ttl_seconds >= 0 && var.reference_url_ttl_seconds <= 604800
    error_message = "reference_url_ttl_seconds must be 0 (off) to 604800 (7 days)."
  }
}

variable "log_level" {
  type        = string
  default     = "info"
  description = "LOG_LEVEL: debug, info, warn or error."
  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be debug, info, warn or error."
  }
}

variable "deliver_delete_events" {
  type        = bool
  default     = false
  description = "Also send delete events to the function (create and update always go)."
}

variable "log_retention_days" {
  type        = number
  default     = 30
  description = "How long the invocation log keeps the function's lines (30 to 180 days, in steps of 30)."
  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 180 && var.log_retention_days % 30 == 0
    error_message = "log_retention_days must be 30, 60, 90, 120, 150 or 180."
  }
}
