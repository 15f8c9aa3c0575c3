#include "discovery/rds_instance_manager.h"

#include "discovery/instance_class.h"
#include "logging/log_setup.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace rds_exporter::discovery {
namespace {

enum class AuroraRole { none, writer, reader };

struct Candidate {
  aws::DbInstance* db = nullptr;
  catalog::EngineFamily family = catalog::EngineFamily::postgres;
  AuroraRole aurora_role = AuroraRole::none;
};

// What DescribeDBClusters says about the clusters of engines the catalog knows. Neptune and DocumentDB
// clusters are left out; Multi-AZ DB clusters (mysql, postgres) lend their tags to their members, but only
// Aurora clusters give writer/reader roles and publish cluster-level metrics.
class ClusterIndex {
 public:
  explicit ClusterIndex(const std::vector<aws::DbCluster>& clusters) {
    for (const aws::DbCluster& cluster : clusters) {
      const auto family = catalog::engine_family(cluster.engine);
      if (!family) continue;
      by_identifier_.emplace(cluster.identifier, &cluster);
      if (!catalog::is_aurora(*family)) continue;
      for (const aws::DbClusterMember& member : cluster.members) {
        aurora_roles_[member.instance_identifier] = member.is_writer ? AuroraRole::writer : AuroraRole::reader;
      }
    }
  }

  const aws::DbCluster* cluster_of(const aws::DbInstance& db) const {
    if (!db.cluster_identifier) return nullptr;
    const auto found = by_identifier_.find(*db.cluster_identifier);
    return found == by_identifier_.end() ? nullptr : found->second;
  }

  AuroraRole aurora_role_of(const aws::DbInstance& db) const {
    const auto found = aurora_roles_.find(db.identifier);
    return found == aurora_roles_.end() ? AuroraRole::none : found->second;
  }

 private:
  std::map<std::string_view, const aws::DbCluster*> by_identifier_;
  std::map<std::string_view, AuroraRole> aurora_roles_;
};

// Leaves the tags whose keys are not in `kept` (all of them when it is absent).
void keep_tags(aws::Tags& tags, const std::optional<std::vector<std::string>>& kept) {
  if (!kept) return;
  std::erase_if(tags, [&](const auto& tag) { return std::find(kept->begin(), kept->end(), tag.first) == kept->end(); });
  tags.shrink_to_fit();
}

// Takes what DescribeDBInstances listed rather than copying it: a discovery otherwise holds every instance twice.
WatchedInstance watch_instance(aws::DbInstance listed, catalog::EngineFamily family, AuroraRole aurora_role,
                               const std::optional<std::vector<std::string>>& kept_tags) {
  WatchedInstance watched;
  watched.db = std::move(listed);
  keep_tags(watched.db.tags, kept_tags);
  const aws::DbInstance& db = watched.db;
  watched.family = family;
  ArnParts arn = parse_arn(db.arn);
  watched.account_id = std::move(arn.account_id);
  watched.region = std::move(arn.region);

  unsigned conditions = instance_class_conditions(db.instance_class);
  if (db.storage_type == "gp2") conditions |= catalog::kGp2Storage;
  if (db.read_replica_source) conditions |= catalog::kReadReplica;
  if (db.performance_insights_enabled) conditions |= catalog::kPerformanceInsights;
  switch (aurora_role) {
    case AuroraRole::writer:
      conditions |= catalog::kAuroraWriter;
      watched.role = "writer";
      break;
    case AuroraRole::reader:
      conditions |= catalog::kAuroraReader;
      watched.role = "reader";
      break;
    case AuroraRole::none:
      watched.role = db.read_replica_source ? "replica" : "primary";
      break;
  }
  watched.traits = catalog::PublisherTraits{family, conditions};
  return watched;
}

WatchedCluster watch_cluster(aws::DbCluster listed, catalog::EngineFamily family, unsigned member_conditions,
                             const std::optional<std::vector<std::string>>& kept_tags) {
  WatchedCluster watched;
  watched.db = std::move(listed);
  keep_tags(watched.db.tags, kept_tags);
  watched.family = family;
  ArnParts arn = parse_arn(watched.db.arn);
  watched.account_id = std::move(arn.account_id);
  watched.region = std::move(arn.region);
  watched.traits = catalog::PublisherTraits{family, member_conditions};
  return watched;
}

// Serverless v2 and provisioned members may share a cluster; its metrics then include both kinds.
unsigned capacity_conditions(const aws::DbInstance& db) {
  return instance_class_conditions(db.instance_class) & (catalog::kServerless | catalog::kProvisioned);
}

// One line per discovery; a warning when the filter leaves nothing, so that an empty exporter is explained.
void log_outcome(const Inventory& inventory, const TagFilter& filter, const std::string& scope) {
  const auto log = logging::logger("discovery");
  const std::string where = scope.empty() ? std::string() : "scope " + scope + ": ";
  if (inventory.instances.empty() && inventory.clusters.empty() && inventory.instances_listed > 0) {
    log->warn(
        "{}no RDS instance matches the tag filter {}: {} instances listed, {} of other engines (Neptune, DocumentDB), "
        "{} not matching; watching nothing",
        where, filter.describe(), inventory.instances_listed, inventory.skipped_other_engines,
        inventory.skipped_by_filter);
  } else {
    log->info("{}discovered {} instances ({} clusters) matching {}; skipped {} other engines, {} not matching",
              where, inventory.instances.size(), inventory.clusters.size(), filter.describe(),
              inventory.skipped_other_engines,
              inventory.skipped_by_filter);
  }
}

}  // namespace

RdsInstanceManager::RdsInstanceManager(const aws::RdsClient& rds, TagFilter filter, std::string scope,
                                       std::optional<std::vector<std::string>> kept_tags)
    : rds_(rds), filter_(std::move(filter)), scope_(std::move(scope)), kept_tags_(std::move(kept_tags)) {}

common::Expected<InventoryPtr, aws::AwsError> RdsInstanceManager::discover(
    std::chrono::system_clock::time_point now) const {
  // A fleet that grew by up to an eighth since the last discovery still fits without the list doubling.
  const std::size_t last = last_listed_.load();
  auto listed = rds_.describe_db_instances({}, last == 0 ? 0 : last + last / 8);
  if (!listed) return common::Unexpected{std::move(listed).error()};
  std::vector<aws::DbInstance>& instances = *listed;
  last_listed_.store(instances.size());

  auto inventory = std::make_shared<Inventory>();
  inventory->discovered_at = now;
  inventory->instances_listed = static_cast<int>(instances.size());

  std::vector<Candidate> candidates;
  for (aws::DbInstance& db : instances) {
    const auto family = catalog::engine_family(db.engine);
    if (!family) {
      ++inventory->skipped_other_engines;
      continue;
    }
    candidates.push_back(Candidate{&db, *family});
  }

  std::vector<aws::DbCluster> clusters;
  const bool any_cluster_member = std::any_of(candidates.begin(), candidates.end(), [](const Candidate& candidate) {
    return candidate.db->cluster_identifier.has_value();
  });
  if (any_cluster_member) {
    auto described = rds_.describe_db_clusters();
    if (!described) return common::Unexpected{std::move(described).error()};
    clusters = std::move(described).value();
  }
  const ClusterIndex index(clusters);

  // Everything is decided before anything is moved into the inventory: the index and these maps look at the
  // listed names. The inventory's lists are then sized once, exactly.
  std::set<std::string_view> clusters_with_watched_member;
  std::map<std::string_view, unsigned> member_conditions;
  std::erase_if(candidates, [&](Candidate& candidate) {
    const aws::DbInstance& db = *candidate.db;
    const aws::DbCluster* cluster = index.cluster_of(db);
    if (cluster) member_conditions[cluster->identifier] |= capacity_conditions(db);
    if (!filter_.matches(db.tags) && !(cluster && filter_.matches(cluster->tags))) {
      ++inventory->skipped_by_filter;
      return true;
    }
    if (cluster) clusters_with_watched_member.insert(cluster->identifier);
    candidate.aurora_role = index.aurora_role_of(db);
    return false;
  });

  struct WatchedClusterCandidate {
    aws::DbCluster* db;
    catalog::EngineFamily family;
    unsigned conditions;
  };
  std::vector<WatchedClusterCandidate> watched_clusters;
  std::size_t aurora_clusters = 0;
  for (aws::DbCluster& cluster : clusters) {
    const auto family = catalog::engine_family(cluster.engine);
    if (!family) continue;
    if (!filter_.matches(cluster.tags) && !clusters_with_watched_member.contains(cluster.identifier)) continue;
    if (catalog::is_aurora(*family)) ++aurora_clusters;
    watched_clusters.push_back({&cluster, *family, member_conditions[cluster.identifier]});
  }

  inventory->instances.reserve(candidates.size());
  for (const Candidate& candidate : candidates) {
    inventory->instances.push_back(
        watch_instance(std::move(*candidate.db), candidate.family, candidate.aurora_role, kept_tags_));
  }
  inventory->clusters.reserve(aurora_clusters);
  inventory->multi_az_clusters.reserve(watched_clusters.size() - aurora_clusters);
  for (const WatchedClusterCandidate& cluster : watched_clusters) {
    auto& watched = catalog::is_aurora(cluster.family) ? inventory->clusters : inventory->multi_az_clusters;
    watched.push_back(watch_cluster(std::move(*cluster.db), cluster.family, cluster.conditions, kept_tags_));
  }

  log_outcome(*inventory, filter_, scope_);
  return InventoryPtr(std::move(inventory));
}

}  // namespace rds_exporter::discovery
