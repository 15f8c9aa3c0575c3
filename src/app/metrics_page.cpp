#include "app/metrics_page.h"

#include "exposition/build_info.h"
#include "exposition/process_metrics.h"
#include "exposition/text_format.h"

#include <vector>

namespace rds_exporter::app {

std::string render_metrics_page(const BuildInfo& build) {
  std::vector<exposition::MetricFamily> families = exposition::process_metrics();
  families.push_back(exposition::build_info_family(build.version, build.revision));
  return exposition::to_text(families);
}

}  // namespace rds_exporter::app
