#include "snapshot/snapshot_merge.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_set>

namespace rds_exporter::snapshot {
namespace {

using collection::Reading;

auto order_key(const Reading& reading) {
  return std::tie(reading.key.scope, reading.key.source_identifier, reading.key.metric->name, reading.key.statistic,
                  reading.key.labels);
}

bool same_series(const Reading& a, const Reading& b) { return order_key(a) == order_key(b); }

// The identifiers a series may belong to, per scope: instances and clusters that left the inventory (deleted,
// re-tagged) lose their series at once, stale or not.
class Membership {
 public:
  explicit Membership(const discovery::Inventory& inventory) {
    for (const auto& instance : inventory.instances) instances_.insert(instance.db.identifier);
    for (const auto& cluster : inventory.clusters) clusters_.insert(cluster.db.identifier);
    for (const auto& cluster : inventory.multi_az_clusters) clusters_.insert(cluster.db.identifier);
  }

  bool contains(const collection::SeriesKey& key) const { return contains(key.scope, key.source_identifier); }
  bool contains(catalog::MetricScope scope, const std::string& identifier) const {
    const auto& members = scope == catalog::MetricScope::instance ? instances_ : clusters_;
    return members.contains(identifier);
  }

 private:
  std::unordered_set<std::string> instances_;
  std::unordered_set<std::string> clusters_;
};

}  // namespace

std::chrono::seconds Freshness::span(const catalog::MetricSpec& metric) const {
  return std::max(period, std::chrono::seconds(metric.resolution_seconds));
}

std::chrono::seconds Freshness::lifetime(const catalog::MetricSpec& metric) const {
  return std::max(stale_after, delay + 2 * span(metric) + collection_interval);
}

std::chrono::seconds Freshness::release_lag(const catalog::MetricSpec& metric) const {
  return span(metric) + delay + collection_interval + period / 2;
}

std::chrono::seconds Freshness::span(const Reading& reading) const {
  return reading.interval.count() > 0 ? std::chrono::seconds(reading.interval) : span(*reading.key.metric);
}

std::chrono::system_clock::time_point Freshness::expiry(const Reading& reading) const {
  if (reading.interval.count() > 0) {
    return reading.timestamp +
           std::max(stale_after, sampled_collection_interval + 2 * reading.interval + kSampledAllowance);
  }
  const catalog::MetricSpec& metric = *reading.key.metric;
  return reading.timestamp + span(metric) + lifetime(metric);
}

std::chrono::system_clock::time_point Freshness::release_time(const Reading& reading) const {
  if (reading.interval.count() > 0) return reading.timestamp + sampled_collection_interval + kSampledAllowance;
  return reading.timestamp + release_lag(*reading.key.metric);
}

namespace {

enum class Origin : unsigned char { shown, pending, fresh };

// A point of the merge: one of the previous snapshot's (shared, so copied only when kept) or a fresh one (moved
// when kept). The merge sorts these references, never the readings themselves.
struct Item {
  const Reading* reading;
  // The fresh reading itself, which the next snapshot may take; null for the previous snapshot's.
  Reading* fresh;
  // When the page started showing it (the reading's own, or the merge's decision).
  std::chrono::system_clock::time_point released;
  Origin origin;
};

// The reading an item stands for, as the next snapshot keeps it.
Reading take(const Item& item) {
  Reading reading = item.fresh ? std::move(*item.fresh) : *item.reading;
  reading.released = item.released;
  return reading;
}

// One series' items, oldest first: what the page shows of it next, and what stays pending.
class SeriesMerge {
 public:
  SeriesMerge(const Freshness& freshness, bool scheduled, bool keep_accepted)
      : freshness_(freshness), scheduled_(scheduled), keep_accepted_(keep_accepted) {}

  void merge(std::span<Item> items, Snapshot& next, MergeResult& result) {
    Item* current = nullptr;
    queue_.clear();
    // The points the series already had first (shown, then pending, oldest first), then the fresh ones newer than
    // all of them: an older one shown now would go back in time.
    std::optional<std::chrono::system_clock::time_point> known;
    for (Item& item : items) {
      if (item.origin == Origin::fresh || (known && item.reading->timestamp <= *known)) continue;
      known = item.reading->timestamp;
      if (item.origin == Origin::shown) {
        current = &item;
      } else {
        queue_.push_back(&item);
      }
    }
    for (Item& item : items) {
      if (item.origin != Origin::fresh || (known && item.reading->timestamp <= *known)) continue;
      known = item.reading->timestamp;
      if (keep_accepted_) result.accepted.push_back(*item.reading);
      queue_.push_back(&item);
    }
    const auto now = freshness_.now;
    std::size_t first = 0;
    if (!freshness_.replay || (!scheduled_ && std::all_of(queue_.begin(), queue_.end(), [](const Item* item) {
          return item->origin == Origin::fresh;
        }))) {
      // Shown at once: the newest point.
      if (!queue_.empty()) {
        current = queue_.back();
        current->released = now;
        first = queue_.size();
      }
    } else {
      // Replay: a point whose successor is already due would hold every later point back; it is skipped, so that
      // the series is never more than a span behind its schedule.
      while (queue_.size() - first >= 2 && release_time(*queue_[first + 1]) <= now) {
        ++first;
        ++result.skipped;
      }
      const auto free_at = current ? current->released + freshness_.span(*current->reading)
                                   : std::chrono::system_clock::time_point::min();
      if (first < queue_.size() && release_time(*queue_[first]) <= now && free_at <= now) {
        // A point counts as shown from its scheduled time when the loop woke for it on time (within a second), or
        // is a series' first, so that the series keeps its schedule rather than drift by each wake-up's delay;
        // otherwise (it arrived late) from now, so that it still gets its whole span.
        const auto scheduled = std::max(release_time(*queue_[first]), free_at);
        const bool on_time = current == nullptr || now - scheduled <= std::chrono::seconds(1);
        current = queue_[first++];
        current->released = on_time ? scheduled : now;
      }
      if (first < queue_.size()) {
        // The next one goes up on its own time, but never less than a span after the one shown now.
        const auto shown_until = current ? current->released + freshness_.span(*current->reading) : now;
        result.next_release = std::min(result.next_release, std::max(release_time(*queue_[first]), shown_until));
      }
    }
    if (current) {
      if (is_stale(*current->reading)) {
        ++result.expired;
      } else {
        result.next_expiry = std::min(result.next_expiry, expiry(*current->reading));
        next.readings.push_back(take(*current));
      }
    }
    for (std::size_t i = first; i < queue_.size(); ++i) {
      const auto release = release_time(*queue_[i]);
      next.pending.push_back({take(*queue_[i]), release});
    }
  }

 private:
  // Replay: when a point is due (see Freshness::release_lag).
  std::chrono::system_clock::time_point release_time(const Item& item) const {
    return freshness_.release_time(*item.reading);
  }

  std::chrono::system_clock::time_point expiry(const Reading& reading) const { return freshness_.expiry(reading); }

  bool is_stale(const Reading& reading) const { return freshness_.now > expiry(reading); }

  const Freshness& freshness_;
  const bool scheduled_;
  const bool keep_accepted_;
  // The series' points in the order they may be shown; reused from series to series.
  std::vector<Item*> queue_;
};

// The points of a merge, series by series in snapshot order: the previous snapshot's shown and pending points
// (both already in that order) and the fresh readings (put in it through an index), walked side by side, so that
// no list of every point is built beside the two snapshots (at 1,000 instances it was 1.6 MB at the merge's peak).
// A series' points go to the visitor oldest first; of two with one timestamp, the one the series already had
// first. Series of sources not in the inventory are passed over.
class SeriesWalk {
 public:
  SeriesWalk(const Snapshot* previous, std::vector<Reading>& fresh, const Membership& membership)
      : fresh_(fresh), membership_(membership) {
    if (previous) {
      shown_ = previous->readings;
      pending_ = previous->pending;
    }
    order_.resize(fresh.size());
    for (std::uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const auto a_key = order_key(fresh_[a]);
      const auto b_key = order_key(fresh_[b]);
      if (a_key != b_key) return a_key < b_key;
      return fresh_[a].timestamp < fresh_[b].timestamp;
    });
  }

  // visit(std::span<Item>) once per series with points of a member.
  template <typename Visit>
  void each(Visit&& visit) {
    std::size_t shown = 0;
    std::size_t pending = 0;
    std::size_t fresh = 0;
    while (shown < shown_.size() || pending < pending_.size() || fresh < order_.size()) {
      const Reading* first = nullptr;
      const auto consider = [&](const Reading& reading) {
        if (first == nullptr || order_key(reading) < order_key(*first)) first = &reading;
      };
      if (shown < shown_.size()) consider(shown_[shown]);
      if (pending < pending_.size()) consider(pending_[pending].reading);
      if (fresh < order_.size()) consider(fresh_[order_[fresh]]);
      const bool member = membership_.contains(first->key);
      items_.clear();
      for (; shown < shown_.size() && same_series(shown_[shown], *first); ++shown) {
        if (member) items_.push_back({&shown_[shown], nullptr, shown_[shown].released, Origin::shown});
      }
      for (; pending < pending_.size() && same_series(pending_[pending].reading, *first); ++pending) {
        const Reading& reading = pending_[pending].reading;
        if (member) items_.push_back({&reading, nullptr, reading.released, Origin::pending});
      }
      for (; fresh < order_.size() && same_series(fresh_[order_[fresh]], *first); ++fresh) {
        Reading& reading = fresh_[order_[fresh]];
        if (member) items_.push_back({&reading, &reading, reading.released, Origin::fresh});
      }
      if (items_.empty()) continue;
      // Each origin's points are oldest first already, and they come shown, pending, fresh.
      std::stable_sort(items_.begin(), items_.end(),
                       [](const Item& a, const Item& b) { return a.reading->timestamp < b.reading->timestamp; });
      visit(std::span<Item>(items_));
    }
  }

 private:
  std::span<const Reading> shown_;
  std::span<const PendingReading> pending_;
  std::vector<Reading>& fresh_;
  // The fresh readings' indices, in snapshot order and each series' oldest first.
  std::vector<std::uint32_t> order_;
  const Membership& membership_;
  // One series' points; reused from series to series.
  std::vector<Item> items_;
};

}  // namespace

MergeResult merge_snapshot(const Snapshot* previous, discovery::InventoryPtr inventory, std::vector<Reading> fresh,
                           const Freshness& freshness, Release release, const FactsUpdate* facts_update,
                           bool keep_accepted) {
  const Membership membership(*inventory);
  SeriesWalk walk(previous, fresh, membership);

  MergeResult result;
  auto next = std::make_shared<Snapshot>();
  // At most one shown point per series, and the pending ones: counted first, so that neither vector grows by
  // doubling (a snapshot holds tens of thousands of readings).
  std::size_t series_count = 0;
  std::size_t point_count = 0;
  walk.each([&](std::span<Item> points) {
    ++series_count;
    point_count += points.size();
  });
  next->readings.reserve(series_count);
  if (freshness.replay) next->pending.reserve(point_count - series_count);
  SeriesMerge series(freshness, freshness.replay && release == Release::scheduled, keep_accepted);
  walk.each([&](std::span<Item> points) { series.merge(points, *next, result); });
  fresh = {};
  next->inventory = std::move(inventory);
  if (previous) next->facts = previous->facts;
  if (facts_update) {
    if (next->facts.size() <= facts_update->slot) next->facts.resize(facts_update->slot + 1);
    next->facts[facts_update->slot] = facts_update->facts;
  }
  // The facts' series the page will show: those of the scope and of watched sources. Self-metrics a fact source
  // reports with its facts (rds_exporter_*) are not RDS series.
  for (const auto& facts : next->facts) {
    if (!facts) continue;
    for (const auto& family : facts->families) {
      if (family.name.starts_with("rds_exporter_")) continue;
      for (const auto& series : family.series) {
        if (series.source_identifier.empty() || membership.contains(series.scope, series.source_identifier)) {
          ++result.fact_series;
        }
      }
    }
  }
  next->built_at = freshness.now;
  result.snapshot = std::move(next);
  return result;
}

}  // namespace rds_exporter::snapshot
