#pragma once

#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <span>
#include <vector>

namespace rds_exporter::collection {

// The seed metrics whose values CloudWatch already collected under another name (rds_replicationlag from
// ReplicaLag, or from AuroraReplicaLag in seconds; rds_deadlockscount from Aurora MySQL's Deadlocks): derived
// from this cycle's readings, at no extra query.
std::vector<Reading> seed_readings_from_cloudwatch(std::span<const Reading> cloudwatch,
                                                   const discovery::Inventory& inventory);

}  // namespace rds_exporter::collection
