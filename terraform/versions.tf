# Terraform 1.5 or later (Resource Manager offers 1.5.x), and the OCI provider release whose schema
# the static checks in test/unit/terraform were taken from (8.28.0) or a later 8.x.
terraform {
  required_version = ">= 1.5"
  required_providers {
    oci = {
      source  = "oracle/oci"
      version = "~> 8.28"
    }
  }
}

# Authentication is the provider's usual: Resource Manager supplies it; elsewhere ~/.oci/config
# (DEFAULT profile) or the TF_VAR_/OCI_ variables the provider documents.
provider "oci" {
  region = var.region
}
