#include "http/web_config.h"

#include "common/nearest_name.h"
#include "http/tls_material.h"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string_view>

namespace rds_exporter::http {
namespace {

// Thrown inside the parser only, caught in load_web_config: the first problem ends the reading.
struct ConfigError {
  std::string message;
};

constexpr std::array<std::pair<std::string_view, ClientAuth>, 6> kClientAuthNames{{
    {"NoClientCert", ClientAuth::kNoClientCert},
    {"RequestClientCert", ClientAuth::kRequestClientCert},
    {"RequireAnyClientCert", ClientAuth::kRequireAnyClientCert},
    {"RequireClientCert", ClientAuth::kRequireAnyClientCert},  // exporter-toolkit's older name, still accepted
    {"VerifyClientCertIfGiven", ClientAuth::kVerifyClientCertIfGiven},
    {"RequireAndVerifyClientCert", ClientAuth::kRequireAndVerifyClientCert},
}};

// The headers exporter-toolkit lets a web config add, with the values it accepts where it restricts them
// (its extraHTTPHeaders); it keeps the list closed on purpose, for consistency across Prometheus exporters.
struct AllowedHeader {
  std::string_view name;
  std::vector<std::string_view> values;  // empty: any value
};
const std::vector<AllowedHeader>& allowed_headers() {
  static const std::vector<AllowedHeader> headers{
      {"Strict-Transport-Security", {}},
      {"X-Content-Type-Options", {"nosniff"}},
      {"X-Frame-Options", {"deny", "sameorigin"}},
      {"X-XSS-Protection", {}},
      {"Content-Security-Policy", {}},
  };
  return headers;
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "a single value";
    default:
      return "empty";
  }
}

// $2a$/$2b$/$2y$, a two-digit cost from 4 to 31, then 22 characters of salt and 31 of hash in bcrypt's base64,
// as golang.org/x/crypto/bcrypt (and so exporter-toolkit) accepts them. (Not std::regex: g++ 12 warns inside it.)
bool is_bcrypt_hash(std::string_view hash) {
  if (hash.size() != 60 || hash.substr(0, 2) != "$2" ||
      std::string_view("aby").find(hash[2]) == std::string_view::npos || hash[3] != '$' || hash[6] != '$') {
    return false;
  }
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(hash[4]) || !digit(hash[5])) return false;
  const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < 4 || cost > 31) return false;
  return std::all_of(hash.begin() + 7, hash.end(), [&](char c) {
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '/';
  });
}

std::string join(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

class Parser {
 public:
  explicit Parser(std::filesystem::path file) : file_(std::move(file)) {}

  WebConfig parse(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::DeepRecursion& e) {
      // yaml-cpp's own message here says "bad file", which would send the user looking for the wrong problem.
      fail(fmt::format("line {}, column {}", e.mark.line + 1, e.mark.column + 1), "invalid YAML (nested too deeply)",
           "a YAML mapping as in exporter-toolkit's web-configuration.md");
    } catch (const YAML::ParserException& e) {
      // e.msg names the construct ("illegal map value"), never the text around it, so no secret can leak.
      fail(fmt::format("line {}, column {}", e.mark.line + 1, e.mark.column + 1),
           fmt::format("invalid YAML ({})", e.msg), "a YAML mapping as in exporter-toolkit's web-configuration.md");
    }
    return read_document(root);
  }

  [[noreturn]] void fail(std::string_view key, std::string_view what, std::string_view expected) const {
    throw ConfigError{fmt::format("{}: {}: {}; expected {}", file_.string(), key, what, expected)};
  }

 private:
  // Const throughout: yaml-cpp's non-const operator[] adds the keys it looks up.
  WebConfig read_document(const YAML::Node& root) const {
    WebConfig config;
    if (root.IsNull()) return config;  // an empty file: plain HTTP, no authentication, as in exporter-toolkit
    if (!root.IsMap()) {
      fail("(top level)", "is " + describe(root),
           "a mapping with tls_server_config, http_server_config and basic_auth_users");
    }
    check_keys(root, "", {"tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"});
    if (root["rate_limit"]) {
      fail("rate_limit", "is not supported by rds_exporter",
           "no rate_limit (limit request rates in front of the exporter if needed)");
    }
    if (const auto tls = root["tls_server_config"]) config.tls = tls_server_config(tls);
    if (const auto http = root["http_server_config"]) http_server_config(http, config);
    if (const auto users = root["basic_auth_users"]) config.basic_auth_users = basic_auth_users(users);
    return config;
  }

  static std::string key_path(std::string_view section, std::string_view key) {
    return section.empty() ? std::string(key) : fmt::format("{}.{}", section, key);
  }

  // exporter-toolkit reads with yaml.UnmarshalStrict: unknown and repeated keys are errors.
  void check_keys(const YAML::Node& map, std::string_view section, const std::vector<std::string>& known) const {
    std::set<std::string> seen;
    for (const auto& entry : map) {
      if (!entry.first.IsScalar())
        fail(section.empty() ? "(top level)" : section, "has a key that is not a name", "keys that are plain names");
      const std::string& key = entry.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        const auto nearest = common::nearest_name(key, known);
        fail(key_path(section, key), nearest ? fmt::format("unknown key (did you mean {}?)", *nearest) : "unknown key",
             "one of " + join(known));
      }
      if (!seen.insert(key).second) fail(key_path(section, key), "appears twice", "each key once");
    }
  }

  // A string setting; an empty or null value counts as absent, as Go's zero value does in exporter-toolkit.
  std::string text(const YAML::Node& node, const std::string& key, std::string_view expected) const {
    if (!node || node.IsNull()) return {};
    if (!node.IsScalar()) fail(key, "is " + describe(node), expected);
    return node.Scalar();
  }

  std::vector<std::string> text_list(const YAML::Node& node, const std::string& key, std::string_view expected) const {
    std::vector<std::string> values;
    if (!node || node.IsNull()) return values;
    if (!node.IsSequence()) fail(key, "is " + describe(node), expected);
    for (const auto& item : node) {
      if (!item.IsScalar()) fail(key, "has an entry that is " + describe(item), expected);
      values.push_back(item.Scalar());
    }
    return values;
  }

  bool boolean(const YAML::Node& node, const std::string& key, bool fallback) const {
    if (!node || node.IsNull()) return fallback;
    bool value = fallback;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) fail(key, "is not true or false", "a boolean");
    return value;
  }

  std::filesystem::path file_setting(const YAML::Node& node, const std::string& key) const {
    const std::string path = text(node, key, "a file path");
    if (path.empty()) return {};
    // Relative to the web config's folder, as exporter-toolkit's SetDirectory resolves them.
    const std::filesystem::path given(path);
    return given.is_absolute() ? given : file_.parent_path() / given;
  }

  std::optional<TlsServerConfig> tls_server_config(const YAML::Node& node) const {
    constexpr std::string_view section = "tls_server_config";
    if (node.IsNull()) return std::nullopt;
    if (!node.IsMap()) fail(section, "is " + describe(node), "a mapping");
    check_keys(node, section,
               {"cert", "key", "client_ca", "cert_file", "key_file", "client_auth_type", "client_ca_file",
                "client_allowed_sans", "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites",
                "curve_preferences"});
    const auto key = [&](std::string_view name) { return key_path(section, name); };
    constexpr std::string_view pem_form = "PEM text";

    TlsServerConfig tls;
    tls.source_file = file_;
    tls.cert_pem = text(node["cert"], key("cert"), pem_form);
    tls.key_pem = text(node["key"], key("key"), pem_form);
    tls.client_ca_pem = text(node["client_ca"], key("client_ca"), pem_form);
    tls.cert_file = file_setting(node["cert_file"], key("cert_file"));
    tls.key_file = file_setting(node["key_file"], key("key_file"));
    tls.client_ca_file = file_setting(node["client_ca_file"], key("client_ca_file"));
    const std::string client_auth = text(node["client_auth_type"], key("client_auth_type"), "a policy name");

    // exporter-toolkit turns TLS on when any of these is set (TLSConfig.IsEnabled); the other keys alone leave
    // it off there, silently. Here that is an error: a file that sets min_version surely meant TLS.
    const bool enabled = !tls.cert_pem.empty() || !tls.key_pem.empty() || !tls.client_ca_pem.empty() ||
                         !tls.cert_file.empty() || !tls.key_file.empty() || !tls.client_ca_file.empty() ||
                         !client_auth.empty();
    if (!enabled) {
      for (const auto& entry : node) {
        const bool blank = entry.second.IsNull() || (entry.second.IsScalar() && entry.second.Scalar().empty());
        if (!blank) {
          fail(key(entry.first.Scalar()), "is set but TLS is off since neither cert_file nor cert is",
               "cert_file and key_file (or cert and key) with it, or no tls_server_config for plain HTTP");
        }
      }
      return std::nullopt;
    }

    one_of(tls.cert_file, tls.cert_pem, key("cert_file"), key("cert"), "a PEM certificate");
    one_of(tls.key_file, tls.key_pem, key("key_file"), key("key"), "a PEM private key");
    if (!tls.client_ca_file.empty() && !tls.client_ca_pem.empty()) {
      fail(key("client_ca"), "is given together with client_ca_file", "one of client_ca_file and client_ca");
    }

    if (!client_auth.empty()) {
      const auto found = std::find_if(kClientAuthNames.begin(), kClientAuthNames.end(),
                                      [&](const auto& pair) { return pair.first == client_auth; });
      if (found == kClientAuthNames.end()) {
        fail(key("client_auth_type"), fmt::format("unknown policy \"{}\"", client_auth),
             "one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, "
             "RequireAndVerifyClientCert");
      }
      tls.client_auth = found->second;
    }
    const bool has_ca = !tls.client_ca_file.empty() || !tls.client_ca_pem.empty();
    if (has_ca && tls.client_auth == ClientAuth::kNoClientCert) {
      fail(key("client_ca_file"), "is set but client_auth_type is NoClientCert, so no client certificate is asked for",
           "client_auth_type: RequireAndVerifyClientCert");
    }
    // Go would verify client certificates against the system's public roots here, which lets anyone with a
    // certificate from a public CA in: refused rather than copied.
    if (!has_ca && (tls.client_auth == ClientAuth::kVerifyClientCertIfGiven ||
                    tls.client_auth == ClientAuth::kRequireAndVerifyClientCert)) {
      fail(key("client_ca_file"),
           fmt::format("is missing, but client_auth_type {} verifies client certificates",
                       client_auth_name(tls.client_auth)),
           "the PEM file of the CA that signs client certificates");
    }

    const auto sans = node["client_allowed_sans"];
    tls.client_allowed_sans = text_list(sans, key("client_allowed_sans"), "a list of subjectAltName values");
    if (sans && !sans.IsNull() && tls.client_auth != ClientAuth::kRequireAnyClientCert &&
        tls.client_auth != ClientAuth::kRequireAndVerifyClientCert) {
      fail(key("client_allowed_sans"), "needs a client certificate, which this client_auth_type does not require",
           "client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert");
    }

    tls.min_version = version(node["min_version"], key("min_version"), TLS1_2_VERSION);
    tls.max_version = version(node["max_version"], key("max_version"), 0);
    if (tls.max_version != 0 && tls.min_version > tls.max_version) {
      fail(key("min_version"),
           fmt::format("{} is newer than max_version {}", tls_material::tls_version_name(tls.min_version),
                       tls_material::tls_version_name(tls.max_version)),
           "min_version no newer than max_version");
    }

    tls.cipher_suites = names(node["cipher_suites"], key("cipher_suites"), "cipher suite",
                              tls_material::go_cipher_names(), &tls_material::openssl_cipher_name);
    tls.curve_preferences = names(node["curve_preferences"], key("curve_preferences"), "curve",
                                  tls_material::go_curve_names(), &tls_material::openssl_group_name);
    tls.prefer_server_cipher_suites =
        boolean(node["prefer_server_cipher_suites"], key("prefer_server_cipher_suites"), true);
    return tls;
  }

  void one_of(const std::filesystem::path& file, const std::string& pem, const std::string& file_key,
              const std::string& pem_key, std::string_view what) const {
    if (file.empty() && pem.empty()) {
      fail(file_key, "is missing", fmt::format("the path of {} file (or {} with it inline)", what, pem_key));
    }
    if (!file.empty() && !pem.empty()) {
      fail(pem_key, fmt::format("is given together with {}", file_key),
           fmt::format("one of {} and {}", file_key, pem_key));
    }
  }

  int version(const YAML::Node& node, const std::string& key, int fallback) const {
    const std::string name = text(node, key, "TLS10, TLS11, TLS12 or TLS13");
    if (name.empty()) return fallback;
    const auto number = tls_material::tls_version(name);
    if (!number) fail(key, fmt::format("unknown TLS version \"{}\"", name), "TLS10, TLS11, TLS12 or TLS13");
    return *number;
  }

  std::vector<std::string> names(const YAML::Node& node, const std::string& key, std::string_view kind,
                                 const std::vector<std::string>& known,
                                 std::optional<std::string_view> (*lookup)(std::string_view)) const {
    const std::string expected = fmt::format("Go's {} names: {}", kind, join(known));
    auto values = text_list(node, key, expected);
    for (const auto& value : values) {
      if (!lookup(value)) {
        const auto nearest = common::nearest_name(value, known);
        fail(key,
             nearest ? fmt::format("unknown {} \"{}\" (did you mean {}?)", kind, value, *nearest)
                     : fmt::format("unknown {} \"{}\"", kind, value),
             expected);
      }
    }
    return values;
  }

  void http_server_config(const YAML::Node& node, WebConfig& config) const {
    constexpr std::string_view section = "http_server_config";
    if (node.IsNull()) return;
    if (!node.IsMap()) fail(section, "is " + describe(node), "a mapping");
    check_keys(node, section, {"http2", "headers"});
    config.http2 = boolean(node["http2"], key_path(section, "http2"), true);
    const auto headers = node["headers"];
    const std::string headers_key = key_path(section, "headers");
    if (!headers || headers.IsNull()) return;
    if (!headers.IsMap()) fail(headers_key, "is " + describe(headers), "a mapping of header names to values");
    std::vector<std::string> names;
    for (const auto& allowed : allowed_headers()) names.emplace_back(allowed.name);
    check_keys(headers, headers_key, names);
    for (const auto& entry : headers) {
      const std::string& name = entry.first.Scalar();
      const std::string key = key_path(headers_key, name);
      const std::string value = text(entry.second, key, "a header value");
      const auto& allowed = *std::find_if(allowed_headers().begin(), allowed_headers().end(),
                                          [&](const AllowedHeader& header) { return header.name == name; });
      if (std::any_of(value.begin(), value.end(),
                      [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f; })) {
        fail(key, "has a control character (such as a line break)", "a single-line header value");
      }
      if (!allowed.values.empty() &&
          std::find(allowed.values.begin(), allowed.values.end(), value) == allowed.values.end()) {
        fail(key, fmt::format("\"{}\" is not accepted", value), fmt::format("{}", fmt::join(allowed.values, " or ")));
      }
      if (value.empty()) continue;  // "Unset if blank"
      config.headers.emplace_back(name, value);
    }
  }

  std::map<std::string, std::string> basic_auth_users(const YAML::Node& node) const {
    constexpr std::string_view section = "basic_auth_users";
    std::map<std::string, std::string> users;
    if (node.IsNull()) return users;
    if (!node.IsMap()) fail(section, "is " + describe(node), "a mapping of user names to bcrypt hashes");
    constexpr std::string_view hash_form =
        "a bcrypt hash such as htpasswd -nBC 10 \"\" prints ($2y$10$ and 53 more characters)";
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) fail(section, "has a user name that is not a single value", "user names");
      const std::string& user = entry.first.Scalar();
      // The hash is a secret: messages describe it, never quote it.
      const std::string key = key_path(section, user);
      if (!entry.second.IsScalar()) fail(key, "is " + describe(entry.second), hash_form);
      const std::string& hash = entry.second.Scalar();
      if (!is_bcrypt_hash(hash)) fail(key, "is not a bcrypt hash", hash_form);
      if (!users.emplace(user, hash).second) fail(key, "appears twice", "each user once");
    }
    return users;
  }

  std::filesystem::path file_;
};

// The whole file, or the reason it cannot be read (a directory is caught here, with EISDIR).
common::Expected<std::string, std::string> read_text(const std::filesystem::path& file) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!stream) return common::Unexpected{std::string(std::strerror(errno))};
  std::string text;
  char buffer[8192];
  while (true) {
    const std::size_t count = std::fread(buffer, 1, sizeof buffer, stream.get());
    text.append(buffer, count);
    if (text.size() > (1 << 20)) return common::Unexpected{std::string("larger than 1 MiB")};
    if (count < sizeof buffer) break;
  }
  if (std::ferror(stream.get())) return common::Unexpected{std::string(std::strerror(errno))};
  return text;
}

}  // namespace

const char* client_auth_name(ClientAuth policy) {
  switch (policy) {
    case ClientAuth::kNoClientCert:
      return "NoClientCert";
    case ClientAuth::kRequestClientCert:
      return "RequestClientCert";
    case ClientAuth::kRequireAnyClientCert:
      return "RequireAnyClientCert";
    case ClientAuth::kVerifyClientCertIfGiven:
      return "VerifyClientCertIfGiven";
    case ClientAuth::kRequireAndVerifyClientCert:
      return "RequireAndVerifyClientCert";
  }
  return "unknown";
}

namespace {

// Runs `read` with everything yaml-cpp, OpenSSL glue or the standard library may throw turned into an error
// message: no input, however malformed, may take the process down.
template <typename Read>
common::Expected<WebConfig, std::string> guarded(const std::filesystem::path& file, Read read) {
  try {
    return read();
  } catch (const ConfigError& e) {
    return common::Unexpected{e.message};
  } catch (const YAML::Exception& e) {
    return common::Unexpected{fmt::format("{}: line {}, column {}: cannot be read ({}); expected a valid web config",
                                          file.string(), e.mark.line + 1, e.mark.column + 1, e.msg)};
  } catch (const std::exception& e) {
    return common::Unexpected{
        fmt::format("{}: (file): cannot be read ({}); expected a valid web config", file.string(), e.what())};
  } catch (...) {
    return common::Unexpected{fmt::format("{}: (file): cannot be read; expected a valid web config", file.string())};
  }
}

}  // namespace

common::Expected<WebConfig, std::string> parse_web_config(std::string_view text, const std::filesystem::path& file) {
  return guarded(file, [&]() -> common::Expected<WebConfig, std::string> {
    Parser parser(file);
    return parser.parse(std::string(text));
  });
}

common::Expected<WebConfig, std::string> load_web_config(const std::filesystem::path& file) {
  return guarded(file, [&]() -> common::Expected<WebConfig, std::string> {
    const auto text = read_text(file);
    if (!text) {
      return common::Unexpected{
          fmt::format("{}: (file): cannot be read: {}; expected a readable YAML file", file.string(), text.error())};
    }
    auto config = parse_web_config(*text, file);
    if (!config || !config->tls) return config;
    // Build a throwaway context now, so that a bad certificate, key or CA is an error at start.
    const std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_server_method()), &SSL_CTX_free);
    if (!context) return common::Unexpected{fmt::format("{}: tls_server_config: OpenSSL failed", file.string())};
    if (auto problem = tls_material::configure_server_context(context.get(), *config->tls)) {
      return common::Unexpected{std::move(*problem)};
    }
    return config;
  });
}

std::string web_config_summary(const WebConfig& config) {
  std::string summary;
  if (config.tls) {
    const auto& tls = *config.tls;
    summary = fmt::format("TLS on ({} and newer", tls_material::tls_version_name(tls.min_version));
    if (tls.max_version != 0) summary += fmt::format(", up to {}", tls_material::tls_version_name(tls.max_version));
    summary += fmt::format("), client certs {}", client_auth_name(tls.client_auth));
    if (!tls.client_allowed_sans.empty()) {
      summary += fmt::format(" limited to {} SAN{}", tls.client_allowed_sans.size(),
                             tls.client_allowed_sans.size() == 1 ? "" : "s");
    }
    if (config.http2) summary += ", HTTP/1.1 only (http2 is not served)";
  } else {
    summary = "TLS off";
  }
  const auto users = config.basic_auth_users.size();
  summary += users == 0 ? ", no basic auth" : fmt::format(", basic auth for {} user{}", users, users == 1 ? "" : "s");
  if (!config.headers.empty()) {
    summary += fmt::format(", {} extra header{}", config.headers.size(), config.headers.size() == 1 ? "" : "s");
  }
  return summary;
}

}  // namespace rds_exporter::http
