#include "sim/fleet/fleet.h"

#include "sim/fleet/engine_catalog.h"
#include "sim/fleet/resource_ids.h"

#include <algorithm>
#include <map>

namespace rds_exporter::sim {
namespace {

template <class Item>
const Item* find_by_identifier(std::span<const Item> sorted, std::string_view identifier) {
  const std::string wanted = to_lower_identifier(identifier);
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), wanted,
                                   [](const Item& item, const std::string& id) { return item.identifier < id; });
  return it != sorted.end() && it->identifier == wanted ? &*it : nullptr;
}

template <class Item>
void sort_by_identifier(std::vector<Item>& items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.identifier < b.identifier; });
}

std::string arn_in(std::string_view region, std::string_view account_id, std::string_view resource_type,
                   std::string_view name) {
  std::string arn = "arn:aws:rds:";
  arn.append(region).append(":").append(account_id).append(":").append(resource_type).append(":").append(name);
  return arn;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

template <class Item>
std::vector<Item> in_scope_only(std::span<const Item> items, const Scope& scope) {
  std::vector<Item> kept;
  for (const auto& item : items) {
    if (item.account_id == scope.account_id && item.region == scope.region) kept.push_back(item);
  }
  return kept;
}

// RDS places a Multi-AZ standby in another AZ of the region; the next letter is as good as any.
std::string standby_zone(const std::string& zone) {
  std::string standby = zone;
  char& letter = standby.back();
  letter = letter == 'a' ? 'b' : 'a';
  return standby;
}

}  // namespace

std::string to_lower_identifier(std::string_view identifier) {
  std::string out(identifier);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Fleet::Fleet(std::string account_id, std::string region, std::vector<Principal> principals,
             std::vector<DbCluster> clusters, std::vector<DbInstance> instances, CredentialSources credential_sources,
             FleetLayout layout, FleetInventory inventory)
    : account_id_(std::move(account_id)),
      region_(std::move(region)),
      endpoint_account_part_(endpoint_account_part(account_id_, region_)),
      hosted_zone_id_(sim::hosted_zone_id(region_)),
      principals_(std::move(principals)),
      clusters_(std::move(clusters)),
      instances_(std::move(instances)),
      credential_sources_(std::move(credential_sources)),
      layout_(std::move(layout)),
      inventory_(std::move(inventory)) {
  sort_by_identifier(clusters_);
  sort_by_identifier(instances_);
  add_unique(regions_, region_);
  for (const auto& extra : layout_.regions) add_unique(regions_, extra);
  add_unique(accounts_, account_id_);
  for (auto& principal : principals_) {
    if (principal.account_id.empty()) principal.account_id = account_of_arn(principal.arn);
    if (principal.account_id.empty()) principal.account_id = account_id_;
    add_unique(accounts_, principal.account_id);
  }
  for (const auto& role : credential_sources_.roles) add_unique(accounts_, account_of_arn(role.arn));
  if (layout_.organization) {
    for (const auto& member : layout_.organization->accounts) add_unique(accounts_, member.id);
  }
  const auto place = [this](auto& resource) {
    if (resource.account_id.empty()) resource.account_id = account_id_;
    if (resource.region.empty()) resource.region = region_;
    add_unique(accounts_, resource.account_id);
    add_unique(regions_, resource.region);
    if (resource.account_id != account_id_ || resource.region != region_) single_scope_ = false;
  };
  for (auto& group : inventory_.parameter_groups) place(group);
  for (auto& event : inventory_.events) {
    if (event.account_id.empty()) event.account_id = account_id_;
    if (event.region.empty()) event.region = region_;
  }
  std::sort(inventory_.events.begin(), inventory_.events.end(),
            [](const FleetEvent& a, const FleetEvent& b) { return a.date < b.date; });
  std::map<std::string, std::vector<std::string>> replicas_of;
  for (auto& instance : instances_) {
    place(instance);
    instance.arn = arn_in(instance.region, instance.account_id, "db", instance.identifier);
    if (instance.parameter_group.empty() && !instance.engine.empty()) {
      instance.parameter_group = "default." + parameter_group_family(instance.engine, instance.engine_version);
    }
    instance.secondary_availability_zone = instance.multi_az ? standby_zone(instance.availability_zone) : "";
    if (!instance.read_replica_source.empty()) {
      replicas_of[instance.read_replica_source].push_back(instance.identifier);
    }
  }
  for (auto& instance : instances_) {
    if (const auto it = replicas_of.find(instance.identifier); it != replicas_of.end()) {
      instance.read_replica_identifiers = it->second;
    }
  }
  for (auto& cluster : clusters_) {
    place(cluster);
    cluster.arn = arn_in(cluster.region, cluster.account_id, "cluster", cluster.identifier);
    if (cluster.parameter_group.empty() && !cluster.engine.empty()) {
      cluster.parameter_group = "default." + parameter_group_family(cluster.engine, cluster.engine_version);
    }
    std::string first_zone;
    for (const auto& instance : instances_) {
      if (instance.cluster_identifier != cluster.identifier) continue;
      cluster.member_identifiers.push_back(instance.identifier);
      if (first_zone.empty()) first_zone = instance.availability_zone;
      // An Aurora cluster is Multi-AZ when its instances span more than one AZ.
      if (instance.availability_zone != first_zone) cluster.multi_az = true;
    }
  }
}

const DbInstance* Fleet::find_instance(std::string_view identifier) const {
  return find_by_identifier(instances(), identifier);
}

const DbCluster* Fleet::find_cluster(std::string_view identifier) const {
  return find_by_identifier(clusters(), identifier);
}

const ParameterGroup* Fleet::find_parameter_group(std::string_view name, bool cluster) const {
  for (const auto& group : inventory_.parameter_groups) {
    if (group.cluster == cluster && group.name == name && group.account_id == account_id_ && group.region == region_) {
      return &group;
    }
  }
  return nullptr;
}

const Principal* Fleet::find_principal(std::string_view access_key_id) const {
  const auto it = std::find_if(principals_.begin(), principals_.end(),
                               [&](const Principal& p) { return p.access_key_id == access_key_id; });
  return it == principals_.end() ? nullptr : &*it;
}

std::string Fleet::rds_arn(std::string_view resource_type, std::string_view name) const {
  return arn_in(region_, account_id_, resource_type, name);
}

bool Fleet::serves_region(std::string_view region) const {
  return std::find(regions_.begin(), regions_.end(), region) != regions_.end();
}

const Fleet& Fleet::in_scope(const Scope& scope) const {
  if (single_scope_ && scope.account_id == account_id_ && scope.region == region_) return *this;
  const std::lock_guard lock(scope_views_->mutex);
  auto& view = scope_views_->views[scope];
  if (!view) {
    // Cluster members and replicas were checked to share their scope, so the derived lists come out the same.
    std::vector<DbInstance> scoped_instances = in_scope_only(instances(), scope);
    for (auto& instance : scoped_instances) instance.read_replica_identifiers.clear();
    std::vector<DbCluster> scoped_clusters = in_scope_only(clusters(), scope);
    for (auto& cluster : scoped_clusters) {
      cluster.member_identifiers.clear();
      cluster.multi_az = false;
    }
    FleetLayout layout = layout_;
    layout.regions = regions_;
    FleetInventory inventory = inventory_;
    inventory.parameter_groups = in_scope_only<ParameterGroup>(inventory_.parameter_groups, scope);
    inventory.events = in_scope_only<FleetEvent>(inventory_.events, scope);
    view = std::make_unique<const Fleet>(scope.account_id, scope.region, principals_, std::move(scoped_clusters),
                                         std::move(scoped_instances), credential_sources_, std::move(layout),
                                         std::move(inventory));
  }
  return *view;
}

bool is_account_id(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string account_of_arn(std::string_view arn) {
  // arn:partition:service:region:account:resource
  std::size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    start = arn.find(':', start);
    if (start == std::string_view::npos) return "";
    ++start;
  }
  const std::size_t end = arn.find(':', start);
  if (end == std::string_view::npos || end - start != 12) return "";
  const std::string_view account = arn.substr(start, 12);
  if (!std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; })) return "";
  return std::string(account);
}

std::string Fleet::instance_endpoint(std::string_view identifier) const {
  std::string address(identifier);
  address.append(".").append(endpoint_account_part_).append(".").append(region_).append(".rds.amazonaws.com");
  return address;
}

std::string Fleet::cluster_endpoint(std::string_view identifier, bool reader) const {
  std::string address(identifier);
  address.append(reader ? ".cluster-ro-" : ".cluster-").append(endpoint_account_part_);
  address.append(".").append(region_).append(".rds.amazonaws.com");
  return address;
}

}  // namespace rds_exporter::sim
