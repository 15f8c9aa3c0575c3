#pragma once

#include "catalog/metric_catalog.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace rds_exporter::publishing {

// The catalog's entry for the CloudWatch metric `name`; throws when the catalog has none, so that a test naming a
// metric the catalog lost fails instead of testing nothing.
inline const catalog::MetricSpec& catalog_metric(std::string_view name,
                                                 catalog::MetricScope scope = catalog::MetricScope::instance) {
  const catalog::MetricSpec* metric = catalog::find_metric(name, scope);
  if (metric == nullptr) throw std::runtime_error("not in the catalog: " + std::string(name));
  return *metric;
}

}  // namespace rds_exporter::publishing
