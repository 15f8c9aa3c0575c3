#include "http/routes.h"

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

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// The q-value among one element's parameters ("q=0.5;x=y"): 1 when absent, 0 when malformed, so that a garbled
// preference never turns gzip on.
double quality(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto end = parameters.find(';');
    const std::string_view parameter = trim(parameters.substr(0, end));
    parameters = end == std::string_view::npos ? std::string_view() : parameters.substr(end + 1);
    const auto equals = parameter.find('=');
    if (equals == std::string_view::npos || !equals_ignore_case(trim(parameter.substr(0, equals)), "q")) continue;
    const std::string_view value = trim(parameter.substr(equals + 1));
    double q = 0;
    const auto [rest, error] = std::from_chars(value.data(), value.data() + value.size(), q);
    return error == std::errc() && rest == value.data() + value.size() ? q : 0;
  }
  return 1;
}

// Sent through a content provider rather than response.body: httplib compresses a body by itself whenever the
// Accept-Encoding header merely contains "gzip" or "br" (even "gzip;q=0"), without looking at a Content-Encoding
// already set, but it leaves a provider's content alone. The provider also hands the body over without a copy.
void send_uncompressed(httplib::Response& response, std::string body) {
  if (body.empty()) {
    // A provider of zero bytes would get neither a Content-Length nor any body from httplib.
    response.set_content("", exposition::kTextContentType);
    return;
  }
  const auto shared = std::make_shared<const std::string>(std::move(body));
  response.set_content_provider(shared->size(), exposition::kTextContentType,
                                [shared](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                  return sink.write(shared->data() + offset, length);
                                });
}

void serve_metrics(const MetricsProvider& metrics, const httplib::Request& request, httplib::Response& response) {
  // The body depends on Accept-Encoding, which caches between Prometheus and the exporter must know.
  response.set_header("Vary", "Accept-Encoding");
  MetricsBody metrics_body;
  try {
    metrics_body = metrics(accepts_gzip(request.get_header_value("Accept-Encoding")));
  } catch (const std::exception& error) {
    logging::logger("http")->error("gathering metrics failed: {}", error.what());
    response.status = 500;
    response.set_content("error gathering metrics\n", kPlainText);
    return;
  }
  if (metrics_body.gzipped) response.set_header("Content-Encoding", "gzip");
  send_uncompressed(response, std::move(metrics_body.body));
}

void serve_health(const HealthProvider& health, httplib::Response& response) {
  Health state;
  try {
    state = health();
  } catch (const std::exception& error) {
    state = {false, std::string("health check failed: ") + error.what()};
  }
  nlohmann::json body{{"status", state.healthy ? "ok" : "unhealthy"}};
  if (!state.reason.empty()) body["reason"] = state.reason;
  response.status = state.healthy ? 200 : 503;
  response.set_content(body.dump() + "\n", "application/json");
}

httplib::Server::HandlerResponse reject_method(const httplib::Request& request, httplib::Response& response) {
  if (request.method == "GET" || request.method == "HEAD") return httplib::Server::HandlerResponse::Unhandled;
  response.status = 405;
  response.set_header("Allow", "GET, HEAD");
  // This answer comes before httplib reads any request body; asking the client to close keeps an
  // unread body from being parsed as the next request on this connection.
  response.set_header("Connection", "close");
  response.set_content("method not allowed\n", kPlainText);
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

void add_routes(httplib::Server& server, std::string_view version, MetricsProvider metrics, HealthProvider health) {
  server.set_pre_routing_handler(reject_method);
  server.Get("/metrics", [metrics = std::move(metrics)](const httplib::Request& request, httplib::Response& response) {
    serve_metrics(metrics, request, response);
  });
  server.Get("/health", [health = std::move(health)](const httplib::Request&, httplib::Response& response) {
    serve_health(health, response);
  });
  server.Get("/", [page = landing_page(version)](const httplib::Request&, httplib::Response& response) {
    response.set_content(page, "text/html; charset=utf-8");
  });
  server.Get(".*", [](const httplib::Request&, httplib::Response& response) {
    response.status = 404;
    response.set_content("404 page not found\n", kPlainText);
  });
}

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<bool> gzip;
  std::optional<bool> any;
  while (!accept_encoding.empty()) {
    const auto end = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, end);
    accept_encoding = end == std::string_view::npos ? std::string_view() : accept_encoding.substr(end + 1);
    const auto semicolon = element.find(';');
    const std::string_view coding = trim(element.substr(0, semicolon));
    const bool acceptable = semicolon == std::string_view::npos || quality(element.substr(semicolon + 1)) > 0;
    if (equals_ignore_case(coding, "gzip") || equals_ignore_case(coding, "x-gzip")) {
      gzip = gzip.value_or(false) || acceptable;
    } else if (coding == "*") {
      any = any.value_or(false) || acceptable;
    }
  }
  return gzip.value_or(any.value_or(false));
}

}  // namespace rds_exporter::http
