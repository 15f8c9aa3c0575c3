#pragma once

#include <string_view>

namespace rds_exporter::aws {

// Whether a request may go to this host over plain http. Only where nothing between us and the server can
// read or change the traffic: loopback (127.0.0.0/8, ::1, localhost) and the link-local addresses of the EC2
// instance metadata service (169.254.169.254, fd00:ec2::254) and of ECS / EKS Pod Identity container
// credentials (169.254.170.2, 169.254.170.23, fd00:ec2::23). IPv6 addresses may come with or without
// brackets; any other spelling of an address (such as "127.1") is not recognised and so not allowed.
bool plain_http_allowed(std::string_view host);

}  // namespace rds_exporter::aws
