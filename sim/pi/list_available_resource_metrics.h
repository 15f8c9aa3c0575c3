#pragma once

#include "sim/pi/pi_operation.h"

#include <cstdint>

namespace rds_exporter::sim::pi {

// MaxResults' upper bound in the API model, and what rds_sim pages by when a request gives none (or 0).
inline constexpr std::int64_t kMaxListResults = 25;

// ListAvailableResourceMetrics: the counters of the requested MetricTypes ("db", "os"; the per-SQL
// "db.sql.stats" and "db.sql_tokenized.stats" are accepted and list nothing) that the instance's engine publishes,
// in catalog order (sim/pi/counter_catalog.cpp), as {"Metric", "Description", "Unit"} with names without
// statistic suffix, MaxResults at a time. NextToken "<offset>-<fingerprint>" names where the next page starts; its
// fingerprint binds it to the Identifier and MetricTypes it was issued for.
class ListAvailableResourceMetrics final : public PiOperation {
 public:
  std::string_view name() const override { return "ListAvailableResourceMetrics"; }
  std::string_view iam_action() const override { return "pi:ListAvailableResourceMetrics"; }
  OperationOutcome invoke(const JsonCall& call) const override;
};

}  // namespace rds_exporter::sim::pi
