#pragma once

#include <functional>
#include <string>

namespace rds_exporter::http {

struct Health {
  bool healthy = true;
  // Why the exporter is unhealthy; shown to whoever probes /health.
  std::string reason;
};

// Called on the serving thread for every scrape: returns the complete text-format body.
using MetricsProvider = std::function<std::string()>;

// Called on the serving thread for every /health probe.
using HealthProvider = std::function<Health()>;

}  // namespace rds_exporter::http
