#pragma once

#include "aws/services/cloudwatch_wire.h"
#include "catalog/metric_selection.h"
#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <span>
#include <vector>

namespace rds_exporter::collection {

// Every query one cycle makes: each watched instance × each selected metric CloudWatch publishes for it, and
// each watched cluster × each selected cluster-level metric; none for a stopped instance or cluster, which
// publishes nothing. queries[i] fetches series[i]; query ids are
// "q<i>" so an answer maps back without a lookup table.
struct QueryPlan {
  std::vector<aws::MetricDataQuery> queries;
  std::vector<SeriesKey> series;

  // queries cut into GetMetricData requests of at most `per_call` (500, AWS's limit): ⌈Q/500⌉ calls, the fewest
  // possible, and since CloudWatch bills per metric, not per call, packing costs nothing extra.
  std::vector<std::span<const aws::MetricDataQuery>> batches(std::size_t per_call) const;
};

QueryPlan build_query_plan(const discovery::Inventory& inventory, const catalog::MetricSelection& selection,
                           std::chrono::seconds period);

// The index of `query_id` ("q17" → 17) in the plan, or -1 for an id the plan never made.
long plan_index(std::string_view query_id, std::size_t plan_size);

}  // namespace rds_exporter::collection
