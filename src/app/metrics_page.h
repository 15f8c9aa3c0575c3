#pragma once

#include "app/build_info.h"
#include "exposition/gzip_join.h"
#include "exposition/metric_family.h"
#include "exposition/text_format.h"
#include "http/providers.h"
#include "publishing/rendered_page.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace rds_exporter::app {

// The /metrics body: the fleet's page, rendered and compressed once per snapshot, followed by what the exporter
// says about itself (process metrics, build info, each self-metric source), then the per-scrape sources.
//
// The self-metrics are rendered (and compressed, for gzip) once and served again while nothing they show has
// changed: no change to a counted telemetry family since (telemetry::changes()), and younger than
// kSelfMetricsMaxAge for the process_* families, which change with time. The per-scrape sources (the HTTP server's
// requests and connections, which change with every scrape) are gathered on every scrape and sent uncompressed
// after them. A scrape therefore costs what the per-scrape sources cost, whatever the fleet's size, and a burst of
// scrapes does not read /proc or render the self-metrics once per scrape.
class MetricsPage {
 public:
  // How old the process_* values of a scrape may be.
  static constexpr std::chrono::milliseconds kSelfMetricsMaxAge{1000};

  // The newest fleet page; null (or empty) until the first snapshot.
  using FleetPageSource = std::function<publishing::RenderedPagePtr()>;
  using SelfMetricsSource = std::function<std::vector<exposition::MetricFamily>()>;
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `self_metrics` must be made of counted telemetry families (or of values that change only with them);
  // `per_scrape` of anything.
  MetricsPage(const BuildInfo& build, FleetPageSource fleet_page, std::vector<SelfMetricsSource> self_metrics,
              std::vector<SelfMetricsSource> per_scrape = {}, std::filesystem::path proc_root = "/proc",
              Clock now = std::chrono::steady_clock::now);

  // The body for one scrape in `format`: one gzip member when `gzip`, else plain text.
  http::MetricsBody render(bool gzip, exposition::Format format = exposition::Format::text) const;

 private:
  // The self-metrics' text in one format, shared by the responses that send it.
  struct SelfText {
    std::string text;
    const exposition::DeflatedText& deflated() const;

   private:
    mutable std::once_flag deflate_once_;
    mutable exposition::DeflatedText deflated_;
  };
  struct Cached {
    std::shared_ptr<const SelfText> self;
    std::uint64_t changes = 0;
    std::chrono::steady_clock::time_point rendered_at;
  };

  std::shared_ptr<const SelfText> self_text(exposition::Format format) const;
  std::string per_scrape_text(exposition::Format format) const;

  BuildInfo build_;
  FleetPageSource fleet_page_;
  std::vector<SelfMetricsSource> self_metrics_;
  std::vector<SelfMetricsSource> per_scrape_;
  std::filesystem::path proc_root_;
  Clock now_;
  mutable std::mutex cache_mutex_;
  mutable std::array<Cached, exposition::kFormatCount> cache_;
};

}  // namespace rds_exporter::app
