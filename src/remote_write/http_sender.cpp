#include "remote_write/http_sender.h"

#include "aws/sigv4/sigv4_signer.h"
#include "aws/transport/url.h"
#include "common/text.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <mutex>
#include <sstream>

namespace rds_exporter::remote_write {
namespace {

constexpr std::size_t kKeptBody = 256;

void initialise_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Received {
  std::string body;
  std::optional<std::chrono::milliseconds> retry_after;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& received = *static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (received.body.size() < kKeptBody) received.body.append(data, std::min(bytes, kKeptBody - received.body.size()));
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& received = *static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (const auto delay = parse_retry_after(std::string_view(data, bytes))) received.retry_after = delay;
  return bytes;
}

// A secret file's content without the line end editors add.
common::Expected<std::string, std::string> secret_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::Unexpected{fmt::format("cannot read {}", path)};
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view line) {
  constexpr std::string_view kName = "retry-after:";
  if (line.size() < kName.size() || !common::equals_ignore_case_ascii(line.substr(0, kName.size()), kName)) {
    return std::nullopt;
  }
  std::string_view value = line.substr(kName.size());
  const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!value.empty() && is_blank(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_blank(value.back())) value.remove_suffix(1);
  double seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  // The HTTP-date form (and anything else) is left to the backoff.
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(seconds) || seconds < 0) {
    return std::nullopt;
  }
  constexpr double kDay = 86400;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(seconds, kDay) * 1000));
}

struct HttpSender::Handle {
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  aws::SigV4Signer signer;
  // The request target: where to connect, and the Host header and path SigV4 signs.
  std::string url;
  std::string host_header;
  std::string path;
  std::string connect_to;

  ~Handle() {
    if (easy) curl_easy_cleanup(easy);
    if (multi) curl_multi_cleanup(multi);
  }
};

HttpSender::HttpSender(HttpSenderOptions options) : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  initialise_curl();
  handle_->easy = curl_easy_init();
  handle_->multi = curl_multi_init();
  if (!handle_->easy || !handle_->multi) throw std::runtime_error("libcurl failed to create a handle");
  const auto parts = aws::parse_url(options_.target.url);
  if (!parts) throw std::invalid_argument("not a URL: " + options_.target.url);
  std::string host = parts->host;
  handle_->url = options_.target.url;
  if (options_.target.tls.server_name) {
    // The TLS name (SNI and certificate check) differs from the address: ask for the name, connect to the address.
    const int port = parts->port.value_or(parts->scheme == "https" ? 443 : 80);
    handle_->connect_to = fmt::format("{}:{}:{}:{}", *options_.target.tls.server_name, port, parts->host, port);
    const auto at = handle_->url.find(parts->host);
    handle_->url.replace(at, parts->host.size(), *options_.target.tls.server_name);
    host = *options_.target.tls.server_name;
  }
  const bool ipv6 = host.find(':') != std::string::npos;
  handle_->host_header = ipv6 ? "[" + host + "]" : host;
  if (parts->port) handle_->host_header += ":" + std::to_string(*parts->port);
  handle_->path = parts->path;
}

HttpSender::~HttpSender() = default;

SendResult HttpSender::send(const std::string& body, std::stop_token stop) {
  const config::RemoteWriteTarget& target = options_.target;
  common::HttpRequest request;
  request.method = "POST";
  request.path = handle_->path;
  request.headers = {{"Host", handle_->host_header},
                     {"Content-Encoding", "snappy"},
                     {"Content-Type", "application/x-protobuf"},
                     {"X-Prometheus-Remote-Write-Version", "0.1.0"},
                     {"User-Agent", options_.user_agent}};
  for (const auto& header : target.headers) request.headers.push_back(header);
  request.body = body;

  if (target.basic_auth) {
    std::string password = target.basic_auth->password.value_or("");
    if (target.basic_auth->password_file) {
      auto read = secret_file(*target.basic_auth->password_file);
      if (!read) return {0, std::nullopt, "basic_auth.password_file: " + read.error()};
      password = std::move(read).value();
    }
    request.headers.emplace_back("Authorization", "Basic " + base64(target.basic_auth->username + ":" + password));
  } else if (target.bearer_token || target.bearer_token_file) {
    std::string token = target.bearer_token.value_or("");
    if (target.bearer_token_file) {
      auto read = secret_file(*target.bearer_token_file);
      if (!read) return {0, std::nullopt, "bearer_token_file: " + read.error()};
      token = std::move(read).value();
    }
    request.headers.emplace_back("Authorization", "Bearer " + token);
  } else if (target.sigv4) {
    if (!options_.credentials) return {0, std::nullopt, "sigv4: no AWS credentials source"};
    auto credentials = options_.credentials();
    if (!credentials) return {0, std::nullopt, "sigv4: no AWS credentials: " + credentials.error()};
    aws::SigningParams params;
    params.region = target.sigv4->region.value_or(options_.default_region);
    params.service = "aps";
    params.time = std::chrono::system_clock::now();
    handle_->signer.sign(request, *credentials, params);
  }

  CURL* curl = handle_->easy;
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(curl, CURLOPT_URL, handle_->url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  const auto timeout = target.timeout.count();
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<std::int64_t>(timeout, 10000)));
  const auto& tls = target.tls;
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, tls.insecure_skip_verify ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls.insecure_skip_verify ? 0L : 2L);
  if (tls.ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_file->c_str());
  if (tls.cert_file) curl_easy_setopt(curl, CURLOPT_SSLCERT, tls.cert_file->c_str());
  if (tls.key_file) curl_easy_setopt(curl, CURLOPT_SSLKEY, tls.key_file->c_str());
  curl_slist* connect_to = nullptr;
  if (!handle_->connect_to.empty()) {
    connect_to = curl_slist_append(nullptr, handle_->connect_to.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
  }
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, fmt::format("{}: {}", name, value).c_str());
  }
  // libcurl would otherwise wait for 100 Continue before sending a large body.
  headers = curl_slist_append(headers, "Expect:");
  headers = curl_slist_append(headers, "Accept:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  Received received;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);

  // Through the multi interface, so that a stop request ends the wait within one poll.
  CURLcode code = CURLE_OK;
  bool cancelled = false;
  curl_multi_add_handle(handle_->multi, curl);
  int running = 1;
  while (running > 0) {
    if (stop.stop_requested()) {
      cancelled = true;
      break;
    }
    if (curl_multi_perform(handle_->multi, &running) != CURLM_OK) break;
    if (running > 0) curl_multi_poll(handle_->multi, nullptr, 0, 100, nullptr);
  }
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(handle_->multi, &left)) {
    if (message->msg == CURLMSG_DONE) code = message->data.result;
  }
  curl_multi_remove_handle(handle_->multi, curl);
  curl_slist_free_all(headers);
  curl_slist_free_all(connect_to);

  SendResult result;
  if (cancelled) {
    result.detail = "cancelled: the exporter is stopping";
    return result;
  }
  if (code != CURLE_OK) {
    result.detail = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
    return result;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  result.retry_after = received.retry_after;
  // The receiver's words, on one line; they never hold the request's credentials.
  for (char& c : received.body) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  result.detail = received.body;
  return result;
}

}  // namespace rds_exporter::remote_write
