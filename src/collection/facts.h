#pragma once

#include "catalog/metric_catalog.h"
#include "common/shared_text.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::collection {

// A series that is not a CloudWatch or Performance Insights datapoint: what the RDS API says about an instance,
// a cluster or the scope (storage, certificates, maintenance, engine support, quotas, events, max_connections).
struct FactSeries {
  // Whose series: an instance or cluster of the inventory, whose labels come first as on every other series
  // (aws_account_id, region, db_instance_identifier or db_cluster_identifier, engine, tag labels); or, with an
  // empty identifier, the scope itself, whose labels the series then carries in `labels`.
  catalog::MetricScope scope = catalog::MetricScope::instance;
  // Shared by the source's series (common/shared_text.h): an inventory has a dozen per instance.
  common::SharedText source_identifier;
  // Written after the source's labels, in this order.
  common::SharedLabels labels;
  double value = 0;
};

struct FactFamily {
  // Valid Prometheus names, checked where they are written (they are constants of the source).
  std::string name;
  std::string help;
  bool counter = false;
  std::vector<FactSeries> series;
};

// One fact source's whole output for a scope: it replaces the source's previous output in the snapshot.
struct Facts {
  std::vector<FactFamily> families;
};

using FactsPtr = std::shared_ptr<const Facts>;

}  // namespace rds_exporter::collection
