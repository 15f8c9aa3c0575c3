#include "sim/faults/fleet_store.h"

namespace rds_exporter::sim {

std::optional<FleetChangeError> FleetStore::apply(const std::function<FleetChange(const Fleet&)>& change) {
  const std::lock_guard lock(changing_);
  FleetChange changed = change(*fleet_.load());
  if (auto* error = std::get_if<FleetChangeError>(&changed)) return std::move(*error);
  fleet_.store(std::make_shared<const Fleet>(std::get<Fleet>(std::move(changed))));
  return std::nullopt;
}

}  // namespace rds_exporter::sim
