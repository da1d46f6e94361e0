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

# Identity (the dynamic group and the policy) is written in the tenancy's home region only, which
# need not be the region the function runs in.
provider "oci" {
  alias  = "home"
  region = local.home_region
}

data "oci_identity_tenancy" "this" {
  tenancy_id = var.tenancy_ocid
}

data "oci_identity_regions" "all" {}

locals {
  home_region = one([for region in data.oci_identity_regions.all.regions : region.name if region.key == data.oci_identity_tenancy.this.home_region_key])
}
