#pragma once

#include "exposition/text_format.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::http {

struct Health {
  bool healthy = true;
  // Why the exporter is unhealthy; shown to whoever probes /health.
  std::string reason;
};

// A complete text-format body, plain or as one gzip member, as pieces sent one after another: the fleet's page,
// rendered once per snapshot, goes out from where it lives and is never copied per scrape.
struct MetricsBody {
  std::vector<std::string_view> pieces;
  // Owns the memory `pieces` point into until the response has been sent.
  std::shared_ptr<const void> owner;
  bool gzipped = false;

  // A body of one string, which it owns.
  static MetricsBody of(std::string text, bool gzipped);
  std::size_t size() const;
  // The pieces in one string (tests, logs).
  std::string joined() const;
};

// Called on the serving thread for every scrape. `gzip_accepted` says the client takes a gzip body; the provider
// may still answer plain. The body is sent as given: the server compresses nothing itself. `format` is what the
// scrape's Accept header chose (negotiate_format).
using MetricsProvider = std::function<MetricsBody(bool gzip_accepted, exposition::Format format)>;

// Called on the serving thread for every /health (or readiness) probe.
using HealthProvider = std::function<Health()>;

// Re-reads the configuration: nullopt when the new one was taken, else why it was not (the old one keeps
// running). Called on a worker thread, never the serving one, since it may take a while.
using ReloadHandler = std::function<std::optional<std::string>()>;

struct Handlers {
  MetricsProvider metrics;
  // /health: the exporter's own view of whether collection works (documented since 0.1.0).
  HealthProvider health;
  // /-/ready: whether the exporter has something to serve yet. Empty: ready as soon as it serves.
  HealthProvider readiness;
  // POST /-/reload; empty: the lifecycle API is off (--web.enable-lifecycle not given) and it answers 403.
  ReloadHandler reload;
};

}  // namespace rds_exporter::http
