#pragma once

#include "http/providers.h"

#include <httplib.h>

#include <string_view>

namespace rds_exporter::http {

// Serves /metrics, /health and / for GET and HEAD (httplib answers HEAD from the GET handler and
// drops the body), 404 for any other path and 405 for any other method.
void add_routes(httplib::Server& server, std::string_view version, MetricsProvider metrics, HealthProvider health);

}  // namespace rds_exporter::http
