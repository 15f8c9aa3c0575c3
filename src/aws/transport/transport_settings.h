#pragma once

#include "common/environment.h"

#include <chrono>
#include <optional>
#include <string>

namespace rds_exporter::aws {

struct TransportSettings {
  // Per attempt: DNS, TCP and TLS handshakes together.
  std::chrono::milliseconds connect_timeout{3000};
  // Per attempt, from the start of the connection to the last byte of the answer.
  std::chrono::milliseconds total_timeout{30000};
  // Requests beyond this wait for one in flight to finish; also the number of pooled connections.
  int max_concurrent_requests = 8;
  // A PEM file of certificate authorities, e.g. a TLS-inspecting proxy's. It replaces the trust store, as in the
  // AWS SDKs and CLI: only the file's authorities are trusted, not the system's (libcurl's default bundle file and
  // default directory, /etc/ssl/certs on Debian, are both left out).
  std::optional<std::string> ca_bundle;
  // The same, given as PEM text rather than a file (a kubeconfig's certificate-authority-data). It replaces the trust
  // store likewise, and ca_bundle too when both are set.
  std::optional<std::string> ca_pem;
};

// The defaults with what the environment overrides: AWS_CA_BUNDLE, as the AWS SDKs and CLI read it. (The
// profile's ca_bundle, below AWS_CA_BUNDLE, is resolved with the other SDK settings: aws/session/sdk_options.h.)
TransportSettings transport_settings_from(const common::Environment& environment, TransportSettings defaults);

}  // namespace rds_exporter::aws
