#pragma once

#include "sim/faults/fleet_changes.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace rds_exporter::sim {

// The fleet the simulator serves now. Request threads take the current Fleet per request and keep it for the
// whole request, so a change never shows half-applied; the admin API publishes changed fleets. Thread-safe.
class FleetStore {
 public:
  explicit FleetStore(std::shared_ptr<const Fleet> fleet) : fleet_(std::move(fleet)) {}

  std::shared_ptr<const Fleet> current() const { return fleet_.load(); }

  // Applies `change` to the current fleet and publishes the result, or leaves the fleet as it is and returns why
  // it could not. Changes run one at a time, so two at once cannot lose either.
  std::optional<FleetChangeError> apply(const std::function<FleetChange(const Fleet&)>& change);

 private:
  std::mutex changing_;
  std::atomic<std::shared_ptr<const Fleet>> fleet_;
};

}  // namespace rds_exporter::sim
