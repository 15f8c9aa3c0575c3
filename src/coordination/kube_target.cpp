#include "coordination/kube_target.h"

#include "aws/credentials/file_text.h"
#include "common/base64.h"
#include "common/text.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace rds_exporter::coordination {
namespace {

using Problem = common::Unexpected<std::string>;

constexpr std::string_view kDefaultNamespace = "default";

// Why a kubeconfig cannot be used: thrown inside this file only, turned into an error by parse_kubeconfig.
struct BadKubeconfig {
  std::string message;
};

std::string without_trailing_slashes(std::string server) {
  while (!server.empty() && server.back() == '/') server.pop_back();
  return server;
}

// The scalar under `key`, or nothing when absent, null or empty; `where` names it in an error.
std::optional<std::string> scalar(const YAML::Node& map, const char* key, const std::string& where) {
  const YAML::Node value = map[key];
  if (!value || value.IsNull()) return std::nullopt;
  if (!value.IsScalar()) throw BadKubeconfig{fmt::format("{}.{} must be a string", where, key)};
  if (value.Scalar().empty()) return std::nullopt;
  return value.Scalar();
}

// The `body_key` mapping of the entry named `name` in the list under `list_key` (clusters, users, contexts).
YAML::Node named_entry(const YAML::Node& root, const char* list_key, const char* body_key, const std::string& name) {
  const YAML::Node list = root[list_key];
  if (list && !list.IsNull() && !list.IsSequence()) throw BadKubeconfig{fmt::format("{} must be a list", list_key)};
  if (list && list.IsSequence()) {
    for (const YAML::Node& entry : list) {
      if (!entry.IsMap()) throw BadKubeconfig{fmt::format("every entry of {} must be a mapping", list_key)};
      if (scalar(entry, "name", list_key) != name) continue;
      const YAML::Node body = entry[body_key];
      if (!body || !body.IsMap()) {
        throw BadKubeconfig{fmt::format("{} \"{}\" has no {} mapping", list_key, name, body_key)};
      }
      return body;
    }
  }
  throw BadKubeconfig{fmt::format("no entry named \"{}\" in {}", name, list_key)};
}

// Relative to the kubeconfig's own directory, as kubectl resolves them.
std::string resolved(const std::string& path, const std::filesystem::path& file) {
  const std::filesystem::path given(path);
  if (given.is_absolute()) return path;
  return (file.parent_path() / given).lexically_normal().string();
}

// A YAML 1.1 boolean as Go's YAML decoder reads a kubeconfig (true, yes, on, ...); absent or null is false.
bool boolean(const YAML::Node& map, const char* key, const std::string& where) {
  const YAML::Node value = map[key];
  if (!value || value.IsNull()) return false;
  bool result = false;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result)) {
    throw BadKubeconfig{fmt::format("{}.{} must be true or false", where, key)};
  }
  return result;
}

void read_cluster(const YAML::Node& cluster, const std::string& name, const std::filesystem::path& file,
                  KubeTarget& target) {
  const std::string where = fmt::format("cluster \"{}\"", name);
  const auto server = scalar(cluster, "server", where);
  if (!server) throw BadKubeconfig{where + " has no server"};
  // Plain http is then refused by the transport unless the server is on loopback (aws/transport/plain_http_policy.h).
  if (server->rfind("https://", 0) != 0 && server->rfind("http://", 0) != 0) {
    throw BadKubeconfig{where + "'s server must be an https:// URL"};
  }
  target.server = without_trailing_slashes(*server);
  if (boolean(cluster, "insecure-skip-tls-verify", where)) {
    throw BadKubeconfig{where +
                        " sets insecure-skip-tls-verify, which is refused: the API server's certificate is "
                        "always verified (give certificate-authority or certificate-authority-data)"};
  }
  if (const auto data = scalar(cluster, "certificate-authority-data", where)) {
    // Go's base64 decoding, which reads []byte fields of a kubeconfig, skips line breaks.
    std::string text = *data;
    std::erase_if(text, [](char c) { return c == '\n' || c == '\r'; });
    auto pem = common::decode_base64(text);
    if (!pem) throw BadKubeconfig{where + "'s certificate-authority-data is not base64"};
    target.ca_pem = std::move(*pem);
  } else if (const auto path = scalar(cluster, "certificate-authority", where)) {
    target.ca_file = resolved(*path, file);
  }
}

void read_user(const YAML::Node& user, const std::string& name, const std::filesystem::path& file, KubeTarget& target) {
  const std::string where = fmt::format("user \"{}\"", name);
  target.token = scalar(user, "token", where);
  if (const auto path = scalar(user, "tokenFile", where)) target.token_file = resolved(*path, file);
  if (target.token || target.token_file) return;
  std::string has;
  for (const char* key : {"client-certificate", "client-certificate-data", "exec", "auth-provider", "username"}) {
    if (user[key]) has = key;
  }
  throw BadKubeconfig{fmt::format("{} {}; only bearer tokens (token, tokenFile) are supported", where,
                                  has.empty() ? "has no credentials" : "authenticates with " + has)};
}

KubeTarget read_kubeconfig(std::string_view yaml_text, const std::filesystem::path& file) {
  const YAML::Node root = YAML::Load(std::string(yaml_text));
  if (!root.IsMap()) throw BadKubeconfig{"not a kubeconfig (expected a mapping at the top)"};
  const auto context_name = scalar(root, "current-context", "the file");
  if (!context_name) throw BadKubeconfig{"no current-context"};
  const YAML::Node context = named_entry(root, "contexts", "context", *context_name);
  const std::string where = fmt::format("context \"{}\"", *context_name);
  const auto cluster_name = scalar(context, "cluster", where);
  if (!cluster_name) throw BadKubeconfig{where + " names no cluster"};
  const auto user_name = scalar(context, "user", where);
  if (!user_name) throw BadKubeconfig{where + " names no user; only bearer tokens (token, tokenFile) are supported"};
  KubeTarget target;
  read_cluster(named_entry(root, "clusters", "cluster", *cluster_name), *cluster_name, file, target);
  read_user(named_entry(root, "users", "user", *user_name), *user_name, file, target);
  target.namespace_ = scalar(context, "namespace", where).value_or(std::string(kDefaultNamespace));
  target.source = fmt::format("kubeconfig {} (context {})", file.string(), *context_name);
  return target;
}

common::Expected<KubeTarget, std::string> kubeconfig_file(const std::filesystem::path& file) {
  auto text = aws::read_file_text(file.string());
  if (!text) return Problem{fmt::format("kubeconfig: {}", text.error().message)};
  return parse_kubeconfig(*text, file);
}

common::Expected<KubeTarget, std::string> in_cluster(const std::string& host, const std::string& port,
                                                     const std::filesystem::path& service_account_dir) {
  KubeTarget target;
  const bool ipv6 = host.find(':') != std::string::npos;
  target.server = fmt::format("https://{}{}{}:{}", ipv6 ? "[" : "", host, ipv6 ? "]" : "", port);
  const auto token_file = service_account_dir / "token";
  // Read once now so that a pod without a mounted token is told at start, not at its first lease call.
  if (auto token = aws::read_file_text(token_file.string()); !token) {
    return Problem{fmt::format("in-cluster (KUBERNETES_SERVICE_HOST is set): the service account token: {}",
                               token.error().message)};
  }
  target.token_file = token_file.string();
  const auto ca_file = service_account_dir / "ca.crt";
  std::error_code ignored;
  if (std::filesystem::exists(ca_file, ignored)) target.ca_file = ca_file.string();
  const auto namespace_text = aws::read_file_text((service_account_dir / "namespace").string());
  target.namespace_ = namespace_text ? std::string(common::trim(*namespace_text)) : "";
  if (target.namespace_.empty()) target.namespace_ = kDefaultNamespace;
  target.source = "in-cluster";
  return target;
}

}  // namespace

common::Expected<KubeTarget, std::string> parse_kubeconfig(std::string_view yaml_text,
                                                           const std::filesystem::path& file) {
  try {
    return read_kubeconfig(yaml_text, file);
  } catch (const BadKubeconfig& problem) {
    return Problem{fmt::format("kubeconfig {}: {}", file.string(), problem.message)};
  } catch (const YAML::ParserException& problem) {
    // msg names the construct ("illegal map value"), never the text around it, which could be a token.
    return Problem{fmt::format("kubeconfig {}: not YAML ({} at line {}, column {})", file.string(), problem.msg,
                               problem.mark.line + 1, problem.mark.column + 1)};
  } catch (const YAML::Exception& problem) {
    return Problem{fmt::format("kubeconfig {}: not YAML (line {}, column {})", file.string(), problem.mark.line + 1,
                               problem.mark.column + 1)};
  } catch (const std::exception& problem) {
    return Problem{fmt::format("kubeconfig {}: cannot be read ({})", file.string(), problem.what())};
  }
}

common::Expected<KubeTarget, std::string> resolve_kube_target(const std::optional<std::string>& kubeconfig_setting,
                                                              const common::Environment& environment,
                                                              const std::filesystem::path& service_account_dir) {
  if (kubeconfig_setting && !kubeconfig_setting->empty()) return kubeconfig_file(*kubeconfig_setting);
  const auto host = common::non_empty(environment, "KUBERNETES_SERVICE_HOST");
  const auto port = common::non_empty(environment, "KUBERNETES_SERVICE_PORT");
  if (host && port) return in_cluster(*host, *port, service_account_dir);
  if (const auto list = common::non_empty(environment, "KUBECONFIG")) {
    std::string_view rest = *list;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      const auto first = rest.substr(0, colon);
      if (!first.empty()) return kubeconfig_file(std::string(first));
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  return Problem{
      std::string("no Kubernetes API server: set coordination.kubeconfig, run in a pod (KUBERNETES_SERVICE_HOST and "
                  "KUBERNETES_SERVICE_PORT), or set KUBECONFIG")};
}

}  // namespace rds_exporter::coordination
