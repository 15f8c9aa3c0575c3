#include "sim/app/fleet_source.h"

#include "sim/fleet/fleet_generator.h"

namespace rds_exporter::sim {

FleetOrProblems fleet_from(const SimOptions& options) {
  // The data clock's start, which relative dates of the fleet ("+7d") count from.
  const auto origin =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - options.time_backdate;
  if (options.fleet_file) return load_fleet_file(*options.fleet_file, options.region, origin);
  GeneratorOptions generator;
  generator.instance_count = options.generate.value_or(0);
  generator.seed = options.seed;
  generator.region = options.region;
  generator.account_count = options.accounts;
  generator.region_count = options.regions;
  generator.origin = origin;
  return generate_fleet(generator);
}

}  // namespace rds_exporter::sim
