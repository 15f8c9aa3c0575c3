#include "aws/transport/curl_transport.h"

#include "aws/transport/curl_error_kind.h"
#include "aws/transport/curl_header_list.h"
#include "aws/transport/plain_http_policy.h"
#include "aws/transport/response_header_collector.h"
#include "aws/transport/url.h"

#include <fmt/format.h>

#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <utility>

// Debian's libcurl reaches GnuTLS through librtmp and libldap, for rtmp:// and ldaps:// URLs this transport never
// makes (CURLOPT_PROTOCOLS_STR is http,https). GnuTLS initialises itself in a library constructor unless the
// program defines this function to return 1, as gnutls.h's GNUTLS_SKIP_GLOBAL_INIT does (the GnuTLS manual,
// "Initialization": https://gnutls.org/manual/html_node/Initialization.html). Skipped, the exporter keeps 0.7 MB
// less resident (make bench: its binary and libraries, 16.0 -> 15.3 MB). Exported from the executable (CMakeLists.txt)
// so that GnuTLS's call, made while the libraries load, finds it; a library that does use GnuTLS calls
// gnutls_global_init itself.
extern "C" __attribute__((visibility("default"), used)) int _gnutls_global_init_skip(void) { return 1; }

namespace rds_exporter::aws {
namespace {

void initialise_libcurl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
  });
}

void require_positive(std::chrono::milliseconds timeout, const char* name) {
  if (timeout.count() <= 0) {
    throw std::invalid_argument(std::string(name) + " must be positive, got " + std::to_string(timeout.count()) +
                                " ms");
  }
}

TransportSettings validated(TransportSettings settings) {
  require_positive(settings.connect_timeout, "connect timeout");
  require_positive(settings.total_timeout, "total timeout");
  return settings;
}

TransportResult refuse(std::string message) {
  return common::Unexpected{TransportError{TransportErrorKind::refused, std::move(message)}};
}

// Where a request goes, for messages: never the query string, which may carry credentials (presigned URLs).
std::string describe_target(const std::string& method, const UrlParts& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return fmt::format("{} {}://{}{}{}{}{}", method, url.scheme, ipv6 ? "[" : "", url.host, ipv6 ? "]" : "",
                     url.port ? fmt::format(":{}", *url.port) : "", url.path);
}

// Everything libcurl hands back during one transfer.
struct Received {
  CURL* curl = nullptr;
  std::string body;
  ResponseHeaderCollector headers;
};

// Room reserved up front for an answer's announced length at most; a longer one grows as it comes.
constexpr curl_off_t kMaxReservedBody = 64 * 1024 * 1024;

// libcurl is C: an exception must not cross it. Returning less than offered aborts the transfer.
size_t on_body(char* data, size_t size, size_t count, void* received) noexcept {
  try {
    auto& into = *static_cast<Received*>(received);
    if (into.body.empty()) {
      // The whole answer in one allocation when its length is announced: grown by doubling, the answers in flight
      // (GetMetricData's are about 100 KB, dozens at once over a fleet of scopes) would hold up to twice their size.
      curl_off_t length = -1;
      if (curl_easy_getinfo(into.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length > 0 &&
          length <= kMaxReservedBody) {
        into.body.reserve(static_cast<std::size_t>(length));
      }
    }
    into.body.append(data, size * count);
    return size * count;
  } catch (...) {
    return 0;
  }
}

size_t on_header(char* data, size_t size, size_t count, void* received) noexcept {
  try {
    static_cast<Received*>(received)->headers.add_line(std::string_view(data, size * count));
    return size * count;
  } catch (...) {
    return 0;
  }
}

void send_body(CURL* curl, const std::string& body) {
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
}

// POST and PUT always carry a body and its Content-Length, even an empty one (AWS rejects a POST without
// a length); GET and DELETE only a non-empty one; HEAD none.
std::optional<std::string> set_method(CURL* curl, const OutgoingRequest& request) {
  const std::string& method = request.method;
  if (method == "POST") {
    send_body(curl, request.body);
  } else if (method == "PUT" || ((method == "GET" || method == "DELETE") && !request.body.empty())) {
    send_body(curl, request.body);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (method == "DELETE") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method == "HEAD") {
    if (!request.body.empty()) return "a HEAD request cannot carry a body";
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    return "unsupported method (GET, PUT, POST, DELETE and HEAD are)";
  }
  return std::nullopt;
}

void set_connection_options(CURL* curl, const TransportSettings& settings, TransferTrust* trust) {
  // Timeouts rely on alarm() otherwise, which is not safe with several threads.
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  // HTTP/2 would turn the signed Host header into an :authority pseudo-header; 1.1 sends it verbatim.
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  // The path is signed as given; libcurl would otherwise collapse "/./" and "/../".
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  if (trust != nullptr && curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, use_shared_trust_store) == CURLE_OK) {
    // The authorities (the bundle's, or libcurl's defaults) are in the shared store, which every TLS context of the
    // transfer gets, an https:// proxy's too: libcurl loads none itself. It must not: libcurl 7.88 calls the
    // function before it loads its files, into the context's store, which would then be the shared one. Nor may it
    // keep a store per multi handle (CURLOPT_CA_CACHE_TIMEOUT), which would hold on to the first one past a change.
    curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, trust);
    curl_easy_setopt(curl, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
    curl_easy_setopt(curl, CURLOPT_PROXY_CAINFO, nullptr);
    curl_easy_setopt(curl, CURLOPT_PROXY_CAPATH, nullptr);
    curl_easy_setopt(curl, CURLOPT_CA_CACHE_TIMEOUT, 0L);
  } else if (settings.ca_bundle) {
    // The file replaces the trust store, as AWS_CA_BUNDLE does in the AWS SDKs and CLI: libcurl's default bundle
    // file and its default directory (/etc/ssl/certs on Debian) are both left out.
    curl_easy_setopt(curl, CURLOPT_CAINFO, settings.ca_bundle->c_str());
    curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  }
  if (settings.ca_pem) {
    // libcurl copies the blob (CURL_BLOB_COPY), and it takes precedence over CURLOPT_CAINFO.
    curl_blob blob{const_cast<char*>(settings.ca_pem->data()), settings.ca_pem->size(), CURL_BLOB_COPY};
    curl_easy_setopt(curl, CURLOPT_CAINFO_BLOB, &blob);
    curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  }
  // gzip only, as the AWS SDKs ask, and libcurl decodes it: an empty list would also offer br and zstd, and a
  // server that picks Brotli at its highest quality spends far longer compressing an answer than sending it
  // (0.6 s per 100-instance DescribeDBInstances page against rds_sim; BENCHMARKS.md).
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  // The proxy's answer to CONNECT is not the server's; only the server's headers belong in the response.
  curl_easy_setopt(curl, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  // A request body over 64 KB (GetMetricData's, 125 KB for 500 queries) goes out through an upload buffer that
  // libcurl allocates per transfer, 64 KB by default: its smallest size halves a transfer's memory (101 KB → 52 KB
  // measured) for a few more writes, and 8 calls in flight per scope add up with many scopes.
  curl_easy_setopt(curl, CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
}

// Asked by libcurl now and then during a transfer, connecting and waiting for the first byte included (about once
// a second when nothing moves, on every pass of the loop below otherwise). Non-zero aborts the transfer.
int on_progress(void* stop, curl_off_t, curl_off_t, curl_off_t, curl_off_t) noexcept {
  return static_cast<const std::stop_token*>(stop)->stop_requested() ? 1 : 0;
}

// How long the loop below waits in one poll when neither a socket nor a timer of libcurl's wakes it first; a
// stop request wakes it at once (curl_multi_wakeup), so this bounds only how late a missed wake-up is seen.
constexpr int kPollMilliseconds = 200;

// What curl_easy_perform does, on the lease's own multi handle, so that a stop request can wake the wait for
// the network at once instead of at libcurl's next progress call (up to a second later): runs the transfer
// until it ends or `stop` is requested. `cancelled` tells which.
CURLcode perform(CURL* easy, CURLM* multi, const std::stop_token& stop, bool& cancelled) {
  cancelled = false;
  if (curl_multi_add_handle(multi, easy) != CURLM_OK) return CURLE_FAILED_INIT;
  CURLcode result = CURLE_OK;
  {
    const std::stop_callback wake(stop, [multi] { curl_multi_wakeup(multi); });
    for (bool done = false; !done;) {
      int running = 0;
      if (curl_multi_perform(multi, &running) != CURLM_OK) {
        result = CURLE_FAILED_INIT;
        break;
      }
      int queued = 0;
      while (const CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
          result = message->data.result;
          done = true;
        }
      }
      if (done) break;
      if (stop.stop_requested()) {
        cancelled = true;
        break;
      }
      if (running == 0) {
        // Not expected: libcurl finished without saying how.
        result = CURLE_GOT_NOTHING;
        break;
      }
      if (curl_multi_poll(multi, nullptr, 0, kPollMilliseconds, nullptr) != CURLM_OK) {
        result = CURLE_FAILED_INIT;
        break;
      }
    }
  }
  curl_multi_remove_handle(multi, easy);
  if (result == CURLE_ABORTED_BY_CALLBACK && stop.stop_requested()) cancelled = true;
  return result;
}

TransportResult cancelled_request(const std::string& target, std::string_view when) {
  return common::Unexpected{TransportError{TransportErrorKind::cancelled, fmt::format("{}: cancelled {}", target, when)}};
}

}  // namespace

CurlTransport::CurlTransport(TransportSettings settings)
    : settings_(validated(std::move(settings))), handles_(settings_.max_concurrent_requests) {
  initialise_libcurl_once();
  // A CA given as text (a kubeconfig's, for the Lease API) goes to libcurl with each request (CURLOPT_CAINFO_BLOB).
  if (!settings_.ca_pem && shared_trust_stores_supported()) {
    trust_ = std::make_unique<TransportTrust>(settings_.ca_bundle);
  }
}

TransportResult CurlTransport::send(const OutgoingRequest& request) {
  const auto url = parse_url(request.url);
  if (!url) return refuse("refused a malformed URL (not repeated here, as its query may carry credentials)");
  const std::string target = describe_target(request.method, *url);
  if (url->scheme == "http" && !plain_http_allowed(url->host)) {
    return refuse(target + ": https is required for " + url->host +
                  "; plain http is allowed only to loopback and the EC2 / container metadata addresses");
  }
  if (url->scheme != "http" && url->scheme != "https") return refuse(target + ": only http and https are supported");
  const auto connect_timeout = request.connect_timeout.value_or(settings_.connect_timeout);
  const auto total_timeout = request.total_timeout.value_or(settings_.total_timeout);
  if (connect_timeout.count() <= 0 || total_timeout.count() <= 0) return refuse(target + ": timeouts must be positive");
  auto header_list = curl_header_list(request.headers);
  if (!header_list) return refuse(target + ": " + header_list.error());

  if (request.stop.stop_requested()) return cancelled_request(target, "before sending");
  const auto lease = handles_.acquire(request.stop);
  if (!lease) return cancelled_request(target, "while waiting for a free connection");
  CURL* curl = lease->get();
  TransferTrust trust{trust_.get()};
  set_connection_options(curl, settings_, trust_ ? &trust : nullptr);
  if (auto problem = set_method(curl, request)) return refuse(target + ": " + *problem);
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list->get());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(total_timeout.count()));
  Received received;
  received.curl = curl;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &request.stop);

  bool cancelled = false;
  const CURLcode code = perform(curl, lease->multi(), request.stop, cancelled);
  if (cancelled) return cancelled_request(target, "during the transfer");
  if (code != CURLE_OK) {
    long proxy_connect_status = 0;
    curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &proxy_connect_status);
    std::string detail = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
    if (trust.load_failed) detail = "cannot load " + trust_->describe();
    return common::Unexpected{TransportError{transport_error_kind(code, proxy_connect_status), target + ": " + detail}};
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  common::HttpResponse response;
  response.status = static_cast<int>(status);
  response.headers = received.headers.take();
  response.body = std::move(received.body);
  return response;
}

}  // namespace rds_exporter::aws
