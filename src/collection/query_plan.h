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
// publishes nothing. query(i) fetches series[i]; query ids are "q<i>" so an answer maps back without a lookup
// table. Only the series are held: a query is written when its request is (78,000 of them at 5,000 instances).
struct QueryPlan {
  std::vector<SeriesKey> series;
  std::chrono::seconds period{60};

  std::size_t size() const { return series.size(); }
  aws::MetricDataQuery query(std::size_t i) const;
};

QueryPlan build_query_plan(const discovery::Inventory& inventory, const catalog::MetricSelection& selection,
                           std::chrono::seconds period);

// What CloudWatch bills for one GetMetricData request (and again for each of its pages), in AWS's words on its
// pricing page: "You can request up to five statistics for the same metric in a single GetMetricData API request.
// Additional statistics are billed as an additional metric." So each metric (namespace, name and dimensions)
// counts one for every five of its statistics asked: ⌈statistics / 5⌉.
std::size_t billed_metrics(std::span<const aws::MetricDataQuery> queries);

// The index of `query_id` ("q17" → 17) in the plan, or -1 for an id the plan never made.
long plan_index(std::string_view query_id, std::size_t plan_size);

}  // namespace rds_exporter::collection
