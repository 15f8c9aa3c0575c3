#include "exposition/build_info.h"

#include <string>

namespace rds_exporter::exposition {

MetricFamily build_info_family(std::string_view version, std::string_view revision) {
  return {"rds_exporter_build_info",
          "A metric with a constant '1' value labeled by version and revision from which rds_exporter was built.",
          MetricType::gauge,
          {{{{"version", std::string(version)}, {"revision", std::string(revision)}}, 1, std::nullopt}}};
}

}  // namespace rds_exporter::exposition
