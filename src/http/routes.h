#pragma once

#include "http/providers.h"

#include <httplib.h>

#include <string_view>

namespace rds_exporter::http {

// Serves /metrics, /health and / for GET and HEAD (httplib answers HEAD from the GET handler and
// drops the body), 404 for any other path and 405 for any other method.
void add_routes(httplib::Server& server, std::string_view version, MetricsProvider metrics, HealthProvider health);

// Whether an Accept-Encoding header value (RFC 9110 §12.5.3) admits gzip: "gzip" or "x-gzip" with a
// q-value above 0, or, when neither is named, "*" with a q-value above 0. Codings are case-insensitive.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace rds_exporter::http
