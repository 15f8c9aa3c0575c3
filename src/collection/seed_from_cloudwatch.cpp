#include "collection/seed_from_cloudwatch.h"

#include "catalog/seed_metrics.h"

#include <unordered_map>

namespace rds_exporter::collection {

std::vector<Reading> seed_readings_from_cloudwatch(std::span<const Reading> cloudwatch,
                                                   const discovery::Inventory& inventory) {
  std::unordered_map<std::string_view, const discovery::WatchedInstance*> instances;
  for (const auto& instance : inventory.instances) instances.emplace(instance.db.identifier, &instance);

  std::vector<Reading> derived;
  for (const Reading& reading : cloudwatch) {
    if (reading.key.scope != catalog::MetricScope::instance) continue;
    const auto found = instances.find(reading.key.source_identifier.str());
    if (found == instances.end()) continue;
    const discovery::WatchedInstance& instance = *found->second;
    for (const catalog::SeedMetric& seed : catalog::seed_metrics()) {
      const catalog::SeedRecipe* recipe = catalog::recipe_for(seed, instance.family);
      if (!recipe || !recipe->from_cloudwatch || recipe->inputs[0] != reading.key.metric->name) continue;
      if ((recipe->conditions & ~instance.traits.conditions) != 0) continue;
      derived.push_back({.key = {.source_identifier = reading.key.source_identifier,
                                 .metric = &seed.spec,
                                 .statistic = reading.key.statistic,
                                 .scope = catalog::MetricScope::instance},
                         .timestamp = reading.timestamp,
                         .value = reading.value * recipe->scale});
    }
  }
  return derived;
}

}  // namespace rds_exporter::collection
