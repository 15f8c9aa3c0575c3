// remote_write: the list of Prometheus remote-write targets, as Prometheus' own configuration spells it.
#include "config/remote_write_config.h"

#include "common/nearest_name.h"
#include "common/text.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>

namespace rds_exporter::config {
namespace {

constexpr std::string_view kForm =
    "a list of mappings with url and optionally name, basic_auth, bearer_token, bearer_token_file, tls, sigv4, "
    "headers, queue_capacity, max_samples_per_send, timeout, min_backoff, max_backoff (YAML, or JSON in "
    "APP_REMOTE_WRITE)";

const std::vector<std::string> kFields{"url",     "name",           "basic_auth", "bearer_token",
                                       "bearer_token_file", "tls",  "sigv4",      "headers",
                                       "queue_capacity", "max_samples_per_send", "timeout", "min_backoff",
                                       "max_backoff"};
const std::vector<std::string> kBasicAuthFields{"username", "password", "password_file"};
const std::vector<std::string> kTlsFields{"ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"};
const std::vector<std::string> kSigV4Fields{"region", "role_arn"};

// The headers remote write sets itself (or that HTTP owns), which `headers` may not replace.
const std::vector<std::string> kReservedHeaders{
    "authorization",    "host",       "content-encoding", "content-length",   "content-type",
    "user-agent",       "connection", "keep-alive",       "proxy-authenticate", "proxy-authorization",
    "www-authenticate", "x-prometheus-remote-write-version", "x-amz-date", "x-amz-security-token",
    "x-amz-content-sha256"};

// A problem found at `path` ("remote_write[0].basic_auth.password_file"); the first one ends the parse.
struct Failure {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, std::string_view why) { throw Failure{fmt::format("{}: {}", path, why)}; }

bool is_unset(const YAML::Node& node) { return !node || node.IsNull() || (node.IsScalar() && node.Scalar().empty()); }

std::string scalar(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) fail(path, "expected a single value, got a list or a mapping");
  return node.Scalar();
}

std::optional<std::string> optional_scalar(const YAML::Node& node, const std::string& path) {
  if (is_unset(node)) return std::nullopt;
  return scalar(node, path);
}

// Every key of `node` (a mapping) must be one of `known`.
void check_fields(const YAML::Node& node, const std::string& path, const std::vector<std::string>& known,
                  std::string_view form) {
  if (!node.IsMap()) fail(path, fmt::format("expected a mapping ({})", form));
  for (const auto& field : node) {
    const std::string name = field.first.IsScalar() ? field.first.Scalar() : std::string();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = fmt::format("unknown field '{}' (known: {})", name, fmt::join(known, ", "));
    if (auto suggestion = common::nearest_name(name, known)) message += fmt::format("; did you mean '{}'?", *suggestion);
    fail(path, message);
  }
}

// The value of a parser of value_parsers.h, or a failure at `path`.
template <typename T>
T parsed(Parsed<T> result, const std::string& path) {
  if (auto* invalid = std::get_if<Invalid>(&result)) fail(path, invalid->message);
  return std::get<T>(std::move(result));
}

// A file the exporter reads at every send: it must be readable now, so that a typo fails at start.
std::string readable_file(const YAML::Node& node, const std::string& path, std::string_view holding) {
  const std::string file = scalar(node, path);
  if (file.empty()) fail(path, fmt::format("expected the path of a file holding {}, got ''", holding));
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fail(path, fmt::format("{} cannot be read ({}); expected a file holding {}", file, std::strerror(errno), holding));
  }
  return file;
}

// A duration: a number of seconds ("0.5", "30"), or with a unit as Prometheus writes them ("30ms", "5s", "1m").
std::chrono::milliseconds duration(const YAML::Node& node, const std::string& path, double max_seconds) {
  const std::string text = scalar(node, path);
  double factor = 1000.0;
  std::string number = text;
  if (text.ends_with("ms")) {
    factor = 1.0;
    number = text.substr(0, text.size() - 2);
  } else if (text.ends_with("s")) {
    number = text.substr(0, text.size() - 1);
  } else if (text.ends_with("m")) {
    factor = 60'000.0;
    number = text.substr(0, text.size() - 1);
  }
  char* end = nullptr;
  errno = 0;
  const double value = number.empty() ? NAN : std::strtod(number.c_str(), &end);
  const double milliseconds = value * factor;
  if (number.empty() || end != number.c_str() + number.size() || errno != 0 || !(milliseconds >= 1) ||
      !(milliseconds <= max_seconds * 1000.0)) {
    fail(path, fmt::format("expected a duration from 1ms to {}s, as seconds (0.5) or with a unit (30ms, 5s, 1m), "
                           "got {}",
                           max_seconds, describe(RawValue(text))));
  }
  return std::chrono::milliseconds(std::llround(milliseconds));
}

std::string url(const YAML::Node& node, const std::string& path) {
  if (is_unset(node)) {
    fail(path, "missing; expected an http or https URL such as https://prometheus.example.com/api/v1/write");
  }
  const std::string text = scalar(node, path);
  const auto scheme_end = text.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : common::to_lower_ascii(text.substr(0, scheme_end));
  const std::string rest = scheme_end == std::string::npos ? "" : text.substr(scheme_end + 3);
  const std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) {
    // The URL is the url label of the self-metrics and appears in logs: credentials never go into it.
    fail(path, "must not hold credentials (user:password@); use basic_auth, bearer_token or sigv4");
  }
  const bool blank = std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
  // A port, when given, is a number from 1 to 65535 (after an IPv6 literal's closing bracket).
  const auto bracket = authority.rfind(']');
  const auto colon = authority.rfind(':');
  bool bad_port = false;
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    const std::string port = authority.substr(colon + 1);
    bad_port = port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), common::is_ascii_digit) ||
               std::stoi(port) < 1 || std::stoi(port) > 65535;
  }
  const bool no_host = authority.empty() || authority.front() == ':';
  if ((scheme != "http" && scheme != "https") || no_host || blank || bad_port) {
    fail(path, fmt::format("expected an http or https URL such as https://prometheus.example.com/api/v1/write, "
                           "got {}",
                           describe(RawValue(text))));
  }
  return text;
}

RemoteWriteTarget::BasicAuth basic_auth(const YAML::Node& node, const std::string& path) {
  check_fields(node, path, kBasicAuthFields, "username, and password or password_file");
  RemoteWriteTarget::BasicAuth auth;
  const auto username = optional_scalar(node["username"], path + ".username");
  if (!username) fail(path + ".username", "missing; basic_auth needs a username");
  auth.username = *username;
  // The password is a secret: it is never quoted back.
  if (!is_unset(node["password"])) auth.password = scalar(node["password"], path + ".password");
  if (!is_unset(node["password_file"])) {
    auth.password_file = readable_file(node["password_file"], path + ".password_file", "the password");
  }
  if (auth.password && auth.password_file) fail(path, "password and password_file are both set; set one");
  if (!auth.password && !auth.password_file) fail(path, "needs password or password_file");
  return auth;
}

RemoteWriteTarget::Tls tls(const YAML::Node& node, const std::string& path) {
  check_fields(node, path, kTlsFields, fmt::format("{}", fmt::join(kTlsFields, ", ")));
  RemoteWriteTarget::Tls tls;
  if (!is_unset(node["ca_file"])) tls.ca_file = readable_file(node["ca_file"], path + ".ca_file", "PEM CA certificates");
  if (!is_unset(node["cert_file"])) {
    tls.cert_file = readable_file(node["cert_file"], path + ".cert_file", "a PEM client certificate");
  }
  if (!is_unset(node["key_file"])) tls.key_file = readable_file(node["key_file"], path + ".key_file", "a PEM private key");
  tls.server_name = optional_scalar(node["server_name"], path + ".server_name");
  if (!is_unset(node["insecure_skip_verify"])) {
    const std::string text = scalar(node["insecure_skip_verify"], path + ".insecure_skip_verify");
    tls.insecure_skip_verify = parsed(parse_boolean(RawValue(text)), path + ".insecure_skip_verify");
  }
  if (tls.cert_file.has_value() != tls.key_file.has_value()) fail(path, "cert_file and key_file go together");
  return tls;
}

RemoteWriteTarget::SigV4 sigv4(const YAML::Node& node, const std::string& path) {
  RemoteWriteTarget::SigV4 sigv4;
  if (node.IsScalar() && node.Scalar().empty()) return sigv4;
  check_fields(node, path, kSigV4Fields, "optionally region and role_arn");
  if (!is_unset(node["region"])) {
    sigv4.region = parsed(parse_optional_aws_region(RawValue(scalar(node["region"], path + ".region"))), path + ".region");
  }
  if (!is_unset(node["role_arn"])) {
    sigv4.role_arn =
        parsed(parse_optional_role_arn(RawValue(scalar(node["role_arn"], path + ".role_arn"))), path + ".role_arn");
  }
  return sigv4;
}

std::vector<std::pair<std::string, std::string>> headers(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) fail(path, "expected a mapping of header names to values");
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& entry : node) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    const std::string where = fmt::format("{}.{}", path, name);
    const bool token = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return common::is_ascii_alnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
    });
    if (!token) fail(path, fmt::format("'{}' is not a header name", name));
    if (std::find(kReservedHeaders.begin(), kReservedHeaders.end(), common::to_lower_ascii(name)) !=
        kReservedHeaders.end()) {
      fail(where, "remote write sets this header itself; it cannot be configured (for credentials use basic_auth, "
                  "bearer_token or sigv4)");
    }
    const std::string value = scalar(entry.second, where);
    if (value.find_first_of("\r\n") != std::string::npos) fail(where, "a header value cannot span lines");
    headers.emplace_back(name, value);
  }
  return headers;
}

RemoteWriteTarget target(const YAML::Node& entry, const std::string& path) {
  check_fields(entry, path, kFields, kForm);
  RemoteWriteTarget target;
  target.url = url(entry["url"], path + ".url");
  target.name = optional_scalar(entry["name"], path + ".name");
  if (!is_unset(entry["basic_auth"])) target.basic_auth = basic_auth(entry["basic_auth"], path + ".basic_auth");
  if (!is_unset(entry["bearer_token"])) target.bearer_token = scalar(entry["bearer_token"], path + ".bearer_token");
  if (!is_unset(entry["bearer_token_file"])) {
    target.bearer_token_file = readable_file(entry["bearer_token_file"], path + ".bearer_token_file", "the token");
  }
  if (!is_unset(entry["tls"])) target.tls = tls(entry["tls"], path + ".tls");
  if (entry["sigv4"] && !entry["sigv4"].IsNull()) target.sigv4 = sigv4(entry["sigv4"], path + ".sigv4");
  if (!is_unset(entry["headers"])) target.headers = headers(entry["headers"], path + ".headers");
  const auto integer = [&](const char* field, std::int64_t min, std::int64_t max, std::int64_t& into) {
    if (is_unset(entry[field])) return;
    const std::string where = fmt::format("{}.{}", path, field);
    into = parsed(parse_integer(RawValue(scalar(entry[field], where)), min, max), where);
  };
  integer("queue_capacity", 1, 100'000'000, target.queue_capacity);
  integer("max_samples_per_send", 1, 1'000'000, target.max_samples_per_send);
  const auto seconds = [&](const char* field, double max_seconds, std::chrono::milliseconds& into) {
    if (!is_unset(entry[field])) into = duration(entry[field], fmt::format("{}.{}", path, field), max_seconds);
  };
  seconds("timeout", 600, target.timeout);
  seconds("min_backoff", 3600, target.min_backoff);
  seconds("max_backoff", 3600, target.max_backoff);

  std::vector<std::string> auth;
  if (target.basic_auth) auth.emplace_back("basic_auth");
  if (target.bearer_token) auth.emplace_back("bearer_token");
  if (target.bearer_token_file) auth.emplace_back("bearer_token_file");
  if (target.sigv4) auth.emplace_back("sigv4");
  if (auth.size() > 1) {
    fail(path, fmt::format("{} are all set; at most one of basic_auth, bearer_token, bearer_token_file and sigv4",
                           fmt::join(auth, " and ")));
  }
  if (target.max_samples_per_send > target.queue_capacity) {
    fail(path + ".max_samples_per_send",
         fmt::format("{} is more than queue_capacity ({}); a batch is taken from the queue", target.max_samples_per_send,
                     target.queue_capacity));
  }
  if (target.min_backoff > target.max_backoff) {
    fail(path + ".min_backoff", fmt::format("{} ms is more than max_backoff ({} ms)", target.min_backoff.count(),
                                            target.max_backoff.count()));
  }
  return target;
}

}  // namespace

Parsed<std::vector<RemoteWriteTarget>> parse_remote_write(const RawValue& raw) {
  std::vector<RemoteWriteTarget> targets;
  if (!raw || raw->empty()) return targets;
  YAML::Node root;
  try {
    root = YAML::Load(*raw);
  } catch (const YAML::Exception& error) {
    return Invalid{fmt::format("expected {}; it does not parse: {}", kForm, error.msg)};
  }
  if (root.IsNull()) return targets;
  if (!root.IsSequence()) return Invalid{fmt::format("expected {}", kForm)};
  try {
    for (std::size_t index = 0; index < root.size(); ++index) {
      const std::string path = fmt::format("remote_write[{}]", index);
      RemoteWriteTarget entry = target(root[index], path);
      for (std::size_t other = 0; other < targets.size(); ++other) {
        if (targets[other].url == entry.url) {
          fail(path + ".url", fmt::format("{} is already remote_write[{}]'s; each target once", entry.url, other));
        }
      }
      targets.push_back(std::move(entry));
    }
  } catch (const Failure& failure) {
    return Invalid{failure.message};
  } catch (const YAML::Exception& error) {
    return Invalid{fmt::format("expected {}: {}", kForm, error.msg)};
  }
  return targets;
}

std::string remote_write_text(const std::vector<RemoteWriteTarget>& targets) {
  std::vector<std::string> entries;
  for (const RemoteWriteTarget& target : targets) {
    // Never a secret: the URL holds none (userinfo is refused), and only the kind of authentication is shown.
    std::string entry = fmt::format("{} auth={}", target.url, target.auth_kind());
    if (target.name) entry += fmt::format(" name={}", *target.name);
    entries.push_back(std::move(entry));
  }
  return fmt::format("{}", fmt::join(entries, ","));
}

}  // namespace rds_exporter::config
