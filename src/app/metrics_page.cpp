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

http::MetricsBody MetricsPage::render(bool gzip) const {
  static const exposition::DeflatedText kNoFleet;
  const publishing::RenderedPagePtr fleet = fleet_page_ ? fleet_page_() : nullptr;
  std::string self = self_metrics_text();
  if (gzip) return {exposition::gzip_join(fleet ? fleet->deflated : kNoFleet, self), true};
  if (!fleet) return {std::move(self), false};
  std::string body;
  body.reserve(fleet->text.size() + self.size());
  body += fleet->text;
  body += self;
  return {std::move(body), false};
}

std::string MetricsPage::self_metrics_text() const {
  std::vector<exposition::MetricFamily> families = exposition::process_metrics(proc_root_);
  families.push_back(exposition::build_info_family(build_.version, build_.revision));
  for (const auto& source : self_metrics_) {
    auto more = source();
    families.insert(families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return exposition::to_text(families);
}

}  // namespace rds_exporter::app
