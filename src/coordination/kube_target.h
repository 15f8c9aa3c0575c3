#pragma once

#include "common/environment.h"
#include "common/expected.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::coordination {

// Where the Kubernetes API server is and how to authenticate to it: what client-go's rest.Config holds for a bearer
// token, and no more (no client certificates, no exec or auth-provider plugins).
struct KubeTarget {
  // https://host:port, perhaps with a path prefix, never with a trailing slash.
  std::string server;
  // The certificate authorities that sign the server's certificate: a file, or PEM text (certificate-authority-data,
  // decoded). Neither: the system's trust store.
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_pem;
  // A bearer token given inline, or a file holding one, re-read as service-account tokens are rotated.
  std::optional<std::string> token;
  std::optional<std::string> token_file;
  // In-cluster: the service account's namespace file; kubeconfig: the context's namespace; else "default".
  std::string namespace_;
  // For logs: "in-cluster" or "kubeconfig /path (context NAME)". Never a token.
  std::string source;
};

// Where the API server is, in client-go's order: the kubeconfig file named by the setting (coordination.kubeconfig)
// when set; else in-cluster when KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are both set (https://HOST:PORT,
// an IPv6 host bracketed; token, ca.crt and namespace from service_account_dir); else the first path of the
// KUBECONFIG list. Neither: an error naming all three.
common::Expected<KubeTarget, std::string> resolve_kube_target(
    const std::optional<std::string>& kubeconfig_setting, const common::Environment& environment,
    const std::filesystem::path& service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount");

// A kubeconfig's current context: its cluster (server, certificate-authority or certificate-authority-data), its user
// (token or tokenFile) and its namespace. Relative paths are resolved against the file's directory, as kubectl does.
// Errors name the file and what is wrong, never a token. Never throws.
common::Expected<KubeTarget, std::string> parse_kubeconfig(std::string_view yaml_text,
                                                           const std::filesystem::path& file);

}  // namespace rds_exporter::coordination
