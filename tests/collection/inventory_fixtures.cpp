#include "inventory_fixtures.h"

#include <algorithm>

namespace rds_exporter::collection::testing {

discovery::WatchedInstance watched_instance(const std::string& identifier, catalog::EngineFamily family,
                                            unsigned conditions) {
  discovery::WatchedInstance instance;
  instance.db.identifier = identifier;
  instance.family = family;
  instance.traits = {family, conditions};
  return instance;
}

discovery::WatchedCluster watched_cluster(const std::string& identifier, catalog::EngineFamily family,
                                          unsigned conditions) {
  discovery::WatchedCluster cluster;
  cluster.db.identifier = identifier;
  cluster.family = family;
  cluster.traits = {family, conditions};
  return cluster;
}

discovery::Inventory postgres_fleet(std::size_t count) {
  discovery::Inventory inventory;
  for (std::size_t i = 0; i < count; ++i) inventory.instances.push_back(watched_instance("db-" + std::to_string(i)));
  return inventory;
}

catalog::MetricSelection only_metrics(const std::vector<std::string>& names,
                                      const std::map<std::string, std::string>& statistics) {
  catalog::SelectionRules rules;
  rules.add = names;
  for (const std::string& name : catalog::metric_names()) {
    if (std::find(names.begin(), names.end(), name) == names.end()) rules.drop.push_back(name);
  }
  rules.statistics = statistics;
  return catalog::MetricSelection(rules);
}

}  // namespace rds_exporter::collection::testing
