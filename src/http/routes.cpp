#include "http/routes.h"

#include "exposition/text_format.h"
#include "http/landing_page.h"
#include "logging/log_setup.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <string>

namespace rds_exporter::http {
namespace {

constexpr char kPlainText[] = "text/plain; charset=utf-8";

void serve_metrics(const MetricsProvider& metrics, httplib::Response& response) {
  try {
    // Moved, not copied as set_content would: the body can run to megabytes. httplib compresses it
    // itself (gzip or brotli) when the client's Accept-Encoding allows.
    response.body = metrics();
    response.set_header("Content-Type", exposition::kTextContentType);
  } catch (const std::exception& error) {
    logging::logger("http")->error("gathering metrics failed: {}", error.what());
    response.status = 500;
    response.set_content("error gathering metrics\n", kPlainText);
  }
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
  server.Get("/metrics", [metrics = std::move(metrics)](const httplib::Request&, httplib::Response& response) {
    serve_metrics(metrics, response);
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

}  // namespace rds_exporter::http
