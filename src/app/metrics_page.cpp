#include "app/metrics_page.h"

#include "exposition/build_info.h"
#include "exposition/process_metrics.h"
#include "exposition/text_format.h"
#include "telemetry/metric_families.h"

#include <iterator>
#include <utility>

namespace rds_exporter::app {

MetricsPage::MetricsPage(const BuildInfo& build, FleetPageSource fleet_page,
                         std::vector<SelfMetricsSource> self_metrics, std::vector<SelfMetricsSource> per_scrape,
                         std::filesystem::path proc_root, Clock now)
    : build_(build),
      fleet_page_(std::move(fleet_page)),
      self_metrics_(std::move(self_metrics)),
      per_scrape_(std::move(per_scrape)),
      proc_root_(std::move(proc_root)),
      now_(std::move(now)) {}

namespace {

// What one response sends: the fleet's page as it was rendered and the self-metrics as they were last rendered
// (both shared, never copied), then this scrape's own end.
struct ScrapeBody {
  publishing::RenderedPagePtr fleet;
  std::shared_ptr<const void> self;
  std::string end;
};

void append_families(std::vector<exposition::MetricFamily>& families,
                     const std::vector<MetricsPage::SelfMetricsSource>& sources) {
  for (const auto& source : sources) {
    auto more = source();
    families.insert(families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
}

}  // namespace

const exposition::DeflatedText& MetricsPage::SelfText::deflated() const {
  std::call_once(deflate_once_, [this] { deflated_ = exposition::deflate_prefix(text); });
  return deflated_;
}

http::MetricsBody MetricsPage::render(bool gzip, exposition::Format format) const {
  static const exposition::DeflatedText kNoFleet;
  auto scrape = std::make_shared<ScrapeBody>();
  scrape->fleet = fleet_page_ ? fleet_page_() : nullptr;
  const std::shared_ptr<const SelfText> self = self_text(format);
  scrape->self = self;
  std::string end = per_scrape_text(format);
  if (format == exposition::Format::openmetrics) end += exposition::kOpenMetricsEof;
  http::MetricsBody body;
  body.gzipped = gzip;
  if (gzip) {
    const exposition::DeflatedText& fleet = scrape->fleet ? scrape->fleet->deflated_of(format) : kNoFleet;
    const exposition::DeflatedText& own = self->deflated();
    scrape->end = exposition::gzip_tail({&fleet, &own}, end);
    body.pieces.emplace_back(exposition::gzip_header());
    for (const exposition::DeflatedText* part : {&fleet, &own}) {
      body.pieces.insert(body.pieces.end(), part->deflated.begin(), part->deflated.end());
    }
    body.pieces.emplace_back(scrape->end);
  } else {
    scrape->end = std::move(end);
    if (scrape->fleet) body.pieces.emplace_back(scrape->fleet->text_of(format));
    body.pieces.emplace_back(self->text);
    body.pieces.emplace_back(scrape->end);
  }
  std::erase_if(body.pieces, [](std::string_view piece) { return piece.empty(); });
  body.owner = std::move(scrape);
  return body;
}

std::shared_ptr<const MetricsPage::SelfText> MetricsPage::self_text(exposition::Format format) const {
  // Read before gathering: a change made while the text is rendered leaves a count this one will not match.
  const std::uint64_t changes = telemetry::changes();
  const auto now = now_();
  const std::lock_guard lock(cache_mutex_);
  Cached& cached = cache_[exposition::format_index(format)];
  if (cached.self && cached.changes == changes && now - cached.rendered_at < kSelfMetricsMaxAge) return cached.self;
  std::vector<exposition::MetricFamily> families = exposition::process_metrics(proc_root_);
  families.push_back(exposition::build_info_family(build_.version, build_.revision));
  append_families(families, self_metrics_);
  auto self = std::make_shared<SelfText>();
  self->text = exposition::to_text(families, format);
  cached = {self, changes, now};
  return self;
}

std::string MetricsPage::per_scrape_text(exposition::Format format) const {
  std::vector<exposition::MetricFamily> families;
  append_families(families, per_scrape_);
  return exposition::to_text(families, format);
}

}  // namespace rds_exporter::app
