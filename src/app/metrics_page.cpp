#include "app/metrics_page.h"

#include "exposition/build_info.h"
#include "exposition/gzip_join.h"
#include "exposition/process_metrics.h"
#include "exposition/text_format.h"

#include <utility>

namespace rds_exporter::app {

MetricsPage::MetricsPage(const BuildInfo& build, FleetPageSource fleet_page,
                         std::vector<SelfMetricsSource> self_metrics, std::filesystem::path proc_root)
    : build_(build),
      fleet_page_(std::move(fleet_page)),
      self_metrics_(std::move(self_metrics)),
      proc_root_(std::move(proc_root)) {}

namespace {

// What one response sends: the fleet's page as it was rendered (shared, never copied) and this scrape's own end.
struct ScrapeBody {
  publishing::RenderedPagePtr fleet;
  std::string end;
};

}  // namespace

http::MetricsBody MetricsPage::render(bool gzip, exposition::Format format) const {
  static const exposition::DeflatedText kNoFleet;
  auto scrape = std::make_shared<ScrapeBody>();
  scrape->fleet = fleet_page_ ? fleet_page_() : nullptr;
  std::string self = self_metrics_text(format);
  if (format == exposition::Format::openmetrics) self += exposition::kOpenMetricsEof;
  http::MetricsBody body;
  body.gzipped = gzip;
  if (gzip) {
    const exposition::DeflatedText& fleet = scrape->fleet ? scrape->fleet->deflated_of(format) : kNoFleet;
    scrape->end = exposition::gzip_tail(fleet, self);
    body.pieces = {exposition::gzip_header(), fleet.deflated, scrape->end};
  } else {
    scrape->end = std::move(self);
    if (scrape->fleet) body.pieces.emplace_back(scrape->fleet->text_of(format));
    body.pieces.emplace_back(scrape->end);
  }
  std::erase_if(body.pieces, [](std::string_view piece) { return piece.empty(); });
  body.owner = std::move(scrape);
  return body;
}

std::string MetricsPage::self_metrics_text(exposition::Format format) const {
  std::vector<exposition::MetricFamily> families = exposition::process_metrics(proc_root_);
  families.push_back(exposition::build_info_family(build_.version, build_.revision));
  for (const auto& source : self_metrics_) {
    auto more = source();
    families.insert(families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return exposition::to_text(families, format);
}

}  // namespace rds_exporter::app
