#pragma once

#include "catalog/metric_selection.h"
#include "discovery/inventory.h"

#include <map>
#include <string>
#include <vector>

namespace rds_exporter::collection::testing {

discovery::WatchedInstance watched_instance(const std::string& identifier,
                                            catalog::EngineFamily family = catalog::EngineFamily::postgres,
                                            unsigned conditions = catalog::kProvisioned);

discovery::WatchedCluster watched_cluster(const std::string& identifier,
                                          catalog::EngineFamily family = catalog::EngineFamily::aurora_postgres,
                                          unsigned conditions = catalog::kProvisioned);

// `count` PostgreSQL instances named db-0, db-1, ...
discovery::Inventory postgres_fleet(std::size_t count);

// Exactly the named catalog metrics, every other one dropped; `statistics` overrides the default Average.
catalog::MetricSelection only_metrics(const std::vector<std::string>& names,
                                      const std::map<std::string, std::string>& statistics = {});

}  // namespace rds_exporter::collection::testing
