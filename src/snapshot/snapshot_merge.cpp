#include "snapshot/snapshot_merge.h"

#include <algorithm>
#include <tuple>
#include <unordered_set>

namespace rds_exporter::snapshot {
namespace {

using collection::Reading;

auto order_key(const Reading& reading) {
  return std::tie(reading.key.scope, reading.key.source_identifier, reading.key.metric->name, reading.key.statistic);
}

bool same_series(const Reading& a, const Reading& b) { return order_key(a) == order_key(b); }

// The identifiers a series may belong to, per scope: instances and clusters that left the inventory (deleted,
// re-tagged) lose their series at once, stale or not.
class Membership {
 public:
  explicit Membership(const discovery::Inventory& inventory) {
    for (const auto& instance : inventory.instances) instances_.insert(instance.db.identifier);
    for (const auto& cluster : inventory.clusters) clusters_.insert(cluster.db.identifier);
  }

  bool contains(const collection::SeriesKey& key) const {
    const auto& members = key.scope == catalog::MetricScope::instance ? instances_ : clusters_;
    return members.contains(key.source_identifier);
  }

 private:
  std::unordered_set<std::string> instances_;
  std::unordered_set<std::string> clusters_;
};

// The last moment `reading` may be shown.
std::chrono::system_clock::time_point expiry(const Reading& reading, const Freshness& freshness) {
  const catalog::MetricSpec& metric = *reading.key.metric;
  return reading.timestamp + freshness.span(metric) + freshness.lifetime(metric);
}

bool is_stale(const Reading& reading, const Freshness& freshness) { return freshness.now > expiry(reading, freshness); }

}  // namespace

std::chrono::seconds Freshness::span(const catalog::MetricSpec& metric) const {
  return std::max(period, std::chrono::seconds(metric.resolution_seconds));
}

std::chrono::seconds Freshness::lifetime(const catalog::MetricSpec& metric) const {
  return std::max(stale_after, delay + 2 * span(metric) + collection_interval);
}

MergeResult merge_snapshot(const Snapshot* previous, discovery::InventoryPtr inventory, std::vector<Reading> fresh,
                           const Freshness& freshness) {
  const Membership membership(*inventory);
  std::vector<Reading> merged = std::move(fresh);
  if (previous) merged.insert(merged.end(), previous->readings.begin(), previous->readings.end());
  // Newest first within a series, so that unique() keeps the newest value whichever cycle brought it.
  std::stable_sort(merged.begin(), merged.end(), [](const Reading& a, const Reading& b) {
    const auto a_key = order_key(a);
    const auto b_key = order_key(b);
    if (a_key != b_key) return a_key < b_key;
    return a.timestamp > b.timestamp;
  });
  merged.erase(std::unique(merged.begin(), merged.end(), same_series), merged.end());
  std::size_t expired = 0;
  std::erase_if(merged, [&](const Reading& reading) {
    if (!membership.contains(reading.key)) return true;
    const bool stale = is_stale(reading, freshness);
    expired += stale ? 1 : 0;
    return stale;
  });

  MergeResult result;
  for (const Reading& reading : merged) result.next_expiry = std::min(result.next_expiry, expiry(reading, freshness));
  auto next = std::make_shared<Snapshot>();
  next->inventory = std::move(inventory);
  next->readings = std::move(merged);
  next->built_at = freshness.now;
  result.snapshot = std::move(next);
  result.expired = expired;
  return result;
}

}  // namespace rds_exporter::snapshot
