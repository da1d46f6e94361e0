# The bucket the function reads: created here with object events on, or an existing one that is
# only read (a data source: never changed, never destroyed).

data "oci_objectstorage_namespace" "tenancy" {
  compartment_id = var.tenancy_ocid
}

resource "oci_objectstorage_bucket" "uploads" {
  count                 = var.create_bucket ? 1 : 0
  compartment_id        = var.compartment_ocid
  namespace             = data.oci_objectstorage_namespace.tenancy.namespace
  name                  = var.bucket_name
  access_type           = "NoPublicAccess"
  object_events_enabled = true
}

data "oci_objectstorage_bucket" "existing" {
  count     = var.create_bucket ? 0 : 1
  namespace = data.oci_objectstorage_namespace.tenancy.namespace
  name      = var.bucket_name
  lifecycle {
    postcondition {
      condition     = self.object_events_enabled
      error_message = "The existing bucket ${var.bucket_name} does not emit object events, so no event would reach the function: oci os bucket update --name ${var.bucket_name} --object-events-enabled true (or Emit Object Events in the console), then apply again."
    }
  }
}

locals {
  namespace             = data.oci_objectstorage_namespace.tenancy.namespace
  bucket_name           = var.create_bucket ? oci_objectstorage_bucket.uploads[0].name : data.oci_objectstorage_bucket.existing[0].name
  bucket_compartment_id = var.create_bucket ? oci_objectstorage_bucket.uploads[0].compartment_id : data.oci_objectstorage_bucket.existing[0].compartment_id
}
