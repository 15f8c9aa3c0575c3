#pragma once

#include "http/providers.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::http {

// What the routes need of a request, whatever carried it.
struct Request {
  std::string_view method;
  // As sent: the path, maybe followed by a query string (ignored).
  std::string_view target;
  std::string_view accept_encoding;
  std::string_view accept;
};

struct Response {
  unsigned status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  MetricsBody body;
  // Whether the connection closes after this response.
  bool close = false;
};

enum class Route { metrics, health, healthy, ready, reload, landing, not_found };

Route route_of(std::string_view target);

// Liveness and readiness answer without credentials: they say nothing about the fleet, and a kubelet probe
// carries none.
bool needs_credentials(Route route);

// A plain-text answer, e.g. for the errors the server itself gives (400, 401, 431, 503).
Response text_response(unsigned status, std::string text);

// The exporter's endpoints: /metrics, /health, /-/healthy, /-/ready, /-/reload and a landing page at /, for GET
// and HEAD (HEAD answers like GET, without the body), POST only on /-/reload; 404 for any other path, 405 with
// Allow for any other method.
class Router {
 public:
  Router(std::string_view version, Handlers handlers);

  // Answers `request`; for POST /-/reload this runs the reload handler, which may take a while, so the server
  // calls it off its serving thread (see is_reload).
  Response answer(const Request& request, bool draining) const;

  bool is_reload(const Request& request) const;

 private:
  Response metrics(const Request& request) const;
  Response health(bool draining) const;
  Response ready(bool draining) const;
  Response reload() const;

  std::string landing_page_;
  Handlers handlers_;
};

// Whether an Accept-Encoding header value (RFC 9110 §12.5.3) admits gzip: "gzip" or "x-gzip" with a
// q-value above 0, or, when neither is named, "*" with a q-value above 0. Codings are case-insensitive.
bool accepts_gzip(std::string_view accept_encoding);

// The exposition format an Accept header asks for, as Prometheus' client libraries negotiate it: OpenMetrics 1.0.0
// when `application/openmetrics-text` (without a version, or version 1.0.0) has the highest quality among the
// media types /metrics can serve, else the text format 0.0.4 (also for no or an unknown Accept).
exposition::Format negotiate_format(std::string_view accept);

}  // namespace rds_exporter::http
