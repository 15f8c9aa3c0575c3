#include "http/routes.h"

#include "common/text.h"
#include "exposition/text_format.h"
#include "http/landing_page.h"
#include "logging/log_setup.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::http {
namespace {

constexpr char kPlainText[] = "text/plain; charset=utf-8";

// Calls `visit(value, parameters)` for each comma-separated element of a header such as Accept or
// Accept-Encoding: "gzip;q=0.5" gives "gzip" and "q=0.5" (empty when there are none).
template <typename Visit>
void for_each_element(std::string_view header, Visit visit) {
  while (!header.empty()) {
    const auto end = header.find(',');
    const std::string_view element = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    const auto semicolon = element.find(';');
    visit(common::trim(element.substr(0, semicolon)),
          semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1));
  }
}

// The value of the first parameter `name` (any case) in "a=b; c=d", trimmed; nullopt when absent.
std::optional<std::string_view> parameter(std::string_view parameters, std::string_view name) {
  while (!parameters.empty()) {
    const auto end = parameters.find(';');
    const std::string_view parameter = common::trim(parameters.substr(0, end));
    parameters = end == std::string_view::npos ? std::string_view() : parameters.substr(end + 1);
    const auto equals = parameter.find('=');
    if (equals != std::string_view::npos &&
        common::equals_ignore_case_ascii(common::trim(parameter.substr(0, equals)), name)) {
      return common::trim(parameter.substr(equals + 1));
    }
  }
  return std::nullopt;
}

// The q-value among one element's parameters ("q=0.5;x=y"): 1 when absent, 0 when malformed, so that a garbled
// preference never turns gzip on.
double quality(std::string_view parameters) {
  const auto value = parameter(parameters, "q");
  if (!value) return 1;
  double q = 0;
  const auto [rest, error] = std::from_chars(value->data(), value->data() + value->size(), q);
  return error == std::errc() && rest == value->data() + value->size() ? q : 0;
}

bool is_get_or_head(std::string_view method) { return method == "GET" || method == "HEAD"; }

Response health_response(const Health& state) {
  nlohmann::json body{{"status", state.healthy ? "ok" : "unhealthy"}};
  if (!state.reason.empty()) body["reason"] = state.reason;
  return {state.healthy ? 200u : 503u, "application/json", {}, MetricsBody::of(body.dump() + "\n", false)};
}

Health ask(const HealthProvider& provider, std::string_view what) {
  try {
    return provider ? provider() : Health{};
  } catch (const std::exception& error) {
    return {false, std::string(what) + " failed: " + error.what()};
  }
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

MetricsBody MetricsBody::of(std::string text, bool gzipped) {
  auto owned = std::make_shared<const std::string>(std::move(text));
  MetricsBody body;
  if (!owned->empty()) body.pieces.emplace_back(*owned);
  body.owner = std::move(owned);
  body.gzipped = gzipped;
  return body;
}

std::size_t MetricsBody::size() const {
  std::size_t total = 0;
  for (const std::string_view piece : pieces) total += piece.size();
  return total;
}

std::string MetricsBody::joined() const {
  std::string text;
  text.reserve(size());
  for (const std::string_view piece : pieces) text += piece;
  return text;
}

Route route_of(std::string_view target) {
  const std::string_view path = path_of(target);
  if (path == "/metrics") return Route::metrics;
  if (path == "/health") return Route::health;
  if (path == "/-/healthy") return Route::healthy;
  if (path == "/-/ready") return Route::ready;
  if (path == "/-/reload") return Route::reload;
  if (path == "/") return Route::landing;
  return Route::not_found;
}

bool needs_credentials(Route route) { return route != Route::healthy && route != Route::ready; }

Response text_response(unsigned status, std::string text) {
  return {status, kPlainText, {}, MetricsBody::of(std::move(text), false)};
}

Router::Router(std::string_view version, Handlers handlers)
    : landing_page_(landing_page(version)), handlers_(std::move(handlers)) {}

bool Router::is_reload(const Request& request) const {
  return request.method == "POST" && route_of(request.target) == Route::reload;
}

Response Router::answer(const Request& request, bool draining) const {
  const Route route = route_of(request.target);
  if (route == Route::reload) {
    if (request.method == "POST") return reload();
    Response refused = text_response(405, "method not allowed\n");
    refused.headers.emplace_back("Allow", "POST");
    return refused;
  }
  if (!is_get_or_head(request.method)) {
    Response refused = text_response(405, "method not allowed\n");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  switch (route) {
    case Route::metrics:
      return metrics(request);
    case Route::health:
      return health(draining);
    case Route::healthy:
      return text_response(200, "OK\n");
    case Route::ready:
      return ready(draining);
    case Route::landing:
      return {200, "text/html; charset=utf-8", {}, MetricsBody::of(landing_page_, false)};
    default:
      return text_response(404, "404 page not found\n");
  }
}

Response Router::metrics(const Request& request) const {
  Response response;
  // The body depends on Accept and Accept-Encoding, which caches between Prometheus and the exporter must know.
  response.headers.emplace_back("Vary", "Accept, Accept-Encoding");
  const exposition::Format format = negotiate_format(request.accept);
  try {
    response.body = handlers_.metrics(accepts_gzip(request.accept_encoding), format);
  } catch (const std::exception& error) {
    logging::logger("http")->error("gathering metrics failed: {}", error.what());
    Response failed = text_response(500, "error gathering metrics\n");
    failed.headers = std::move(response.headers);
    return failed;
  }
  response.content_type = exposition::content_type(format);
  if (response.body.gzipped) response.headers.emplace_back("Content-Encoding", "gzip");
  return response;
}

Response Router::health(bool draining) const {
  if (draining) return health_response({false, "shutting down"});
  return health_response(ask(handlers_.health, "health check"));
}

Response Router::ready(bool draining) const {
  if (draining) return text_response(503, "shutting down\n");
  const Health state = ask(handlers_.readiness, "readiness check");
  if (state.healthy) return text_response(200, "OK\n");
  return text_response(503, (state.reason.empty() ? std::string("not ready") : state.reason) + "\n");
}

Response Router::reload() const {
  if (!handlers_.reload) return text_response(403, "Lifecycle API is not enabled.\n");
  std::optional<std::string> failure;
  try {
    failure = handlers_.reload();
  } catch (const std::exception& error) {
    failure = std::string("reload failed: ") + error.what();
  }
  if (failure) return text_response(500, "failed to reload config: " + *failure + "\n");
  return text_response(200, "OK\n");
}

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<bool> gzip;
  std::optional<bool> any;
  for_each_element(accept_encoding, [&](std::string_view coding, std::string_view parameters) {
    const bool acceptable = quality(parameters) > 0;
    if (common::equals_ignore_case_ascii(coding, "gzip") || common::equals_ignore_case_ascii(coding, "x-gzip")) {
      gzip = gzip.value_or(false) || acceptable;
    } else if (coding == "*") {
      any = any.value_or(false) || acceptable;
    }
  });
  return gzip.value_or(any.value_or(false));
}

exposition::Format negotiate_format(std::string_view accept) {
  double text = -1;
  double openmetrics = -1;
  for_each_element(accept, [&](std::string_view media, std::string_view parameters) {
    const double q = quality(parameters);
    if (q <= 0) return;
    if (common::equals_ignore_case_ascii(media, "application/openmetrics-text")) {
      std::string_view version = parameter(parameters, "version").value_or("");
      if (version.size() >= 2 && version.front() == '"' && version.back() == '"') {
        version = version.substr(1, version.size() - 2);
      }
      if (version.empty() || version == "1.0.0") openmetrics = std::max(openmetrics, q);
    } else if (common::equals_ignore_case_ascii(media, "text/plain") || media == "*/*" ||
               common::equals_ignore_case_ascii(media, "text/*")) {
      text = std::max(text, q);
    }
  });
  return openmetrics > 0 && openmetrics >= text ? exposition::Format::openmetrics : exposition::Format::text;
}

}  // namespace rds_exporter::http
