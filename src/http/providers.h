#pragma once

#include <functional>
#include <string>

namespace rds_exporter::http {

struct Health {
  bool healthy = true;
  // Why the exporter is unhealthy; shown to whoever probes /health.
  std::string reason;
};

// A complete text-format body, either plain or as one gzip member.
struct MetricsBody {
  std::string body;
  bool gzipped = false;
};

// Called on the serving thread for every scrape. `gzip_accepted` says the client takes a gzip body; the provider
// may still answer plain. The body is sent as given: the server compresses nothing itself.
using MetricsProvider = std::function<MetricsBody(bool gzip_accepted)>;

// Called on the serving thread for every /health probe.
using HealthProvider = std::function<Health()>;

}  // namespace rds_exporter::http
