# The function and the stream pool's private endpoint share one private subnet: a private pool
# is reachable only from its own subnet. Both the VCN and the subnet carry a DNS label, which the
# private pool needs to resolve its endpoint ("Creating a Stream Pool"). The NSG holds the rules
# in both cases, so an existing subnet gets the 443 path too without its security lists changing.

data "oci_core_services" "all" {
  filter {
    name   = "name"
    values = ["All .* Services In Oracle Services Network"]
    regex  = true
  }
}

resource "oci_core_vcn" "network" {
  count          = var.create_network ? 1 : 0
  compartment_id = var.compartment_ocid
  cidr_blocks    = [var.vcn_cidr_block]
  display_name   = var.name
  dns_label      = "fnstreaming"
}

# All the region's services (Object Storage, the image registry) without a public IP or NAT.
resource "oci_core_service_gateway" "all_services" {
  count          = var.create_network ? 1 : 0
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.network[0].id
  display_name   = "${var.name}-all-services"
  services {
    service_id = data.oci_core_services.all.services[0].id
  }
}

resource "oci_core_route_table" "private" {
  count          = var.create_network ? 1 : 0
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.network[0].id
  display_name   = "${var.name}-private"
  route_rules {
    destination       = data.oci_core_services.all.services[0].cidr_block
    destination_type  = "SERVICE_CIDR_BLOCK"
    network_entity_id = oci_core_service_gateway.all_services[0].id
  }
}

# Instead of the VCN's default list (SSH from anywhere): nothing but the function's traffic, which
# the NSG below states.
resource "oci_core_security_list" "private" {
  count          = var.create_network ? 1 : 0
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.network[0].id
  display_name   = "${var.name}-private"
  egress_security_rules {
    description      = "HTTPS to the region's services (Object Storage, image pulls)"
    destination      = data.oci_core_services.all.services[0].cidr_block
    destination_type = "SERVICE_CIDR_BLOCK"
    protocol         = "6"
    tcp_options {
      min = 443
      max = 443
    }
  }
}

resource "oci_core_subnet" "private" {
  count                      = var.create_network ? 1 : 0
  compartment_id             = var.compartment_ocid
  vcn_id                     = oci_core_vcn.network[0].id
  cidr_block                 = var.subnet_cidr_block
  display_name               = "${var.name}-private"
  dns_label                  = "functions"
  prohibit_public_ip_on_vnic = true
  prohibit_internet_ingress  = true
  route_table_id             = oci_core_route_table.private[0].id
  security_list_ids          = [oci_core_security_list.private[0].id]
}

data "oci_core_subnet" "existing" {
  count     = var.create_network ? 0 : 1
  subnet_id = var.existing_subnet_id
  lifecycle {
    precondition {
      condition     = var.existing_subnet_id != ""
      error_message = "create_network is false: set existing_subnet_id to the private subnet to use."
    }
    postcondition {
      condition     = self.prohibit_public_ip_on_vnic
      error_message = "existing_subnet_id is a public subnet: a private stream pool and the function need a private one."
    }
    postcondition {
      condition     = self.dns_label != null && self.dns_label != ""
      error_message = "existing_subnet_id has no DNS label: a private stream pool needs DNS resolution in its subnet (and its VCN). Create a subnet with a DNS label."
    }
  }
}

locals {
  subnet_id = var.create_network ? oci_core_subnet.private[0].id : data.oci_core_subnet.existing[0].id
  vcn_id    = var.create_network ? oci_core_vcn.network[0].id : data.oci_core_subnet.existing[0].vcn_id
  # Where the Functions service must be allowed to use the network.
  network_compartment_id = var.create_network ? oci_core_vcn.network[0].compartment_id : data.oci_core_subnet.existing[0].compartment_id
}

# On the function's VNICs and the stream pool's private endpoint.
resource "oci_core_network_security_group" "function" {
  compartment_id = var.compartment_ocid
  vcn_id         = local.vcn_id
  display_name   = "${var.name}-function"
}

resource "oci_core_network_security_group_security_rule" "to_stream_endpoint" {
  network_security_group_id = oci_core_network_security_group.function.id
  description               = "The function publishes to the stream pool's private endpoint"
  direction                 = "EGRESS"
  protocol                  = "6"
  destination               = oci_core_network_security_group.function.id
  destination_type          = "NETWORK_SECURITY_GROUP"
  tcp_options {
    destination_port_range {
      min = 443
      max = 443
    }
  }
}

resource "oci_core_network_security_group_security_rule" "stream_endpoint_from_function" {
  network_security_group_id = oci_core_network_security_group.function.id
  description               = "The stream pool's private endpoint accepts the function's HTTPS"
  direction                 = "INGRESS"
  protocol                  = "6"
  source                    = oci_core_network_security_group.function.id
  source_type               = "NETWORK_SECURITY_GROUP"
  tcp_options {
    destination_port_range {
      min = 443
      max = 443
    }
  }
}

resource "oci_core_network_security_group_security_rule" "to_services" {
  network_security_group_id = oci_core_network_security_group.function.id
  description               = "HTTPS to the region's services (Object Storage, image pulls)"
  direction                 = "EGRESS"
  protocol                  = "6"
  destination               = data.oci_core_services.all.services[0].cidr_block
  destination_type          = "SERVICE_CIDR_BLOCK"
  tcp_options {
    destination_port_range {
      min = 443
      max = 443
    }
  }
}
