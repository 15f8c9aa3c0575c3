#pragma once

#include "app/build_info.h"
#include "exposition/metric_family.h"
#include "http/providers.h"
#include "publishing/rendered_page.h"

#include <filesystem>
#include <functional>
#include <vector>

namespace rds_exporter::app {

// The /metrics body: the fleet's page, rendered and compressed once per snapshot, followed by what the exporter
// says about itself, gathered on every scrape (process metrics, build info, then each self-metric source). A
// scrape therefore costs what the self-metrics cost, whatever the fleet's size.
class MetricsPage {
 public:
  // The newest fleet page; null (or empty) until the first snapshot.
  using FleetPageSource = std::function<publishing::RenderedPagePtr()>;
  using SelfMetricsSource = std::function<std::vector<exposition::MetricFamily>()>;

  MetricsPage(const BuildInfo& build, FleetPageSource fleet_page, std::vector<SelfMetricsSource> self_metrics,
              std::filesystem::path proc_root = "/proc");

  // The body for one scrape in `format`: one gzip member when `gzip`, else plain text.
  http::MetricsBody render(bool gzip, exposition::Format format = exposition::Format::text) const;

 private:
  std::string self_metrics_text(exposition::Format format) const;

  BuildInfo build_;
  FleetPageSource fleet_page_;
  std::vector<SelfMetricsSource> self_metrics_;
  std::filesystem::path proc_root_;
};

}  // namespace rds_exporter::app
