#include "sim/fleet/fleet.h"

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
             std::vector<DbCluster> clusters, std::vector<DbInstance> instances, CredentialSources credential_sources)
    : account_id_(std::move(account_id)),
      region_(std::move(region)),
      endpoint_account_part_(endpoint_account_part(account_id_, region_)),
      hosted_zone_id_(sim::hosted_zone_id(region_)),
      principals_(std::move(principals)),
      clusters_(std::move(clusters)),
      instances_(std::move(instances)),
      credential_sources_(std::move(credential_sources)) {
  sort_by_identifier(clusters_);
  sort_by_identifier(instances_);
  std::map<std::string, std::vector<std::string>> replicas_of;
  for (auto& instance : instances_) {
    instance.arn = rds_arn("db", instance.identifier);
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
    cluster.arn = rds_arn("cluster", cluster.identifier);
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

const Principal* Fleet::find_principal(std::string_view access_key_id) const {
  const auto it = std::find_if(principals_.begin(), principals_.end(),
                               [&](const Principal& p) { return p.access_key_id == access_key_id; });
  return it == principals_.end() ? nullptr : &*it;
}

std::string Fleet::rds_arn(std::string_view resource_type, std::string_view name) const {
  std::string arn = "arn:aws:rds:";
  arn.append(region_).append(":").append(account_id_).append(":").append(resource_type).append(":").append(name);
  return arn;
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
