#pragma once

#include "sim/fleet/credential_sources.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::sim {

// Where a resource lives and whose calls see it: one AWS account in one region. A caller sees only the scope of its
// own account and of the region its request is signed for.
struct Scope {
  std::string account_id;
  std::string region;

  auto operator<=>(const Scope&) const = default;
};

struct Tag {
  std::string key;
  std::string value;

  bool operator==(const Tag&) const = default;
};

// Someone who can sign requests: an IAM user, or a role session when it has a session token.
struct Principal {
  std::string name;
  // What AccessDenied names: arn:aws:iam::<account>:user/<name> unless the fleet says otherwise.
  std::string arn;
  std::string access_key_id;
  std::string secret_access_key;
  // Set for temporary credentials: requests must then carry it as X-Amz-Security-Token.
  std::string session_token;
  std::optional<std::chrono::sys_seconds> expiration;
  // IAM actions ("rds:DescribeDBInstances"), '*' matching any run of characters as in IAM policies.
  std::vector<std::string> allowed_actions;
  // The account it signs in, whose instances its calls see; the fleet's account unless the fleet says otherwise.
  std::string account_id;

  bool operator==(const Principal&) const = default;
};

// One pending maintenance action of an instance or cluster, as DescribePendingMaintenanceActions reports it.
struct PendingMaintenanceAction {
  // system-update, db-upgrade, os-upgrade, hardware-maintenance or ca-certificate-rotation.
  std::string action;
  std::string description;
  std::optional<std::chrono::sys_seconds> auto_applied_after;
  std::optional<std::chrono::sys_seconds> forced_apply;
  // Unset: the earlier of the two dates above.
  std::optional<std::chrono::sys_seconds> current_apply;
  // Empty unless someone opted in: immediate, next-maintenance or undo-opt-in.
  std::string opt_in_status;

  bool operator==(const PendingMaintenanceAction&) const = default;
};

// One DB instance, with what DescribeDBInstances reports about it. Identifiers are lowercase, as RDS keeps them.
struct DbInstance {
  std::string identifier;
  std::string engine;
  std::string engine_version;
  std::string instance_class;
  std::string status = "available";
  std::string availability_zone;
  bool multi_az = false;
  std::string storage_type;
  int allocated_storage = 0;
  std::optional<int> iops;
  std::optional<int> storage_throughput;
  std::optional<int> max_allocated_storage;
  // Empty unless the instance belongs to a cluster (Aurora, Neptune, DocumentDB).
  std::string cluster_identifier;
  bool cluster_writer = false;
  int promotion_tier = 1;
  // Empty unless the instance is a read replica of another instance.
  std::string read_replica_source;
  bool performance_insights_enabled = false;
  int monitoring_interval = 0;
  std::string ca_certificate_identifier = "rds-ca-rsa2048-g1";
  std::chrono::sys_seconds certificate_valid_till{};
  std::chrono::sys_seconds create_time{};
  std::string dbi_resource_id;
  bool publicly_accessible = false;
  bool deletion_protection = false;
  std::vector<Tag> tags;
  // "default.<family>" unless the instance names a custom group of the fleet's parameter_groups.
  std::string parameter_group;
  // Unset: 7 days, 0 for read replicas.
  std::optional<int> backup_retention_period;
  std::vector<PendingMaintenanceAction> pending_maintenance;
  // Empty: the fleet's account and region (Fleet fills them in).
  std::string account_id;
  std::string region;

  // Filled in by Fleet from the rest of the fleet.
  std::string arn;
  std::string secondary_availability_zone;
  std::vector<std::string> read_replica_identifiers;

  bool operator==(const DbInstance&) const = default;
};

struct DbCluster {
  std::string identifier;
  std::string engine;
  std::string engine_version;
  std::string status = "available";
  std::string storage_type = "aurora";
  std::chrono::sys_seconds create_time{};
  std::string resource_id;
  bool deletion_protection = false;
  std::vector<Tag> tags;
  // "default.<family>" unless the cluster names a custom cluster group of the fleet's parameter_groups.
  std::string parameter_group;
  std::vector<PendingMaintenanceAction> pending_maintenance;
  // Empty: the fleet's account and region (Fleet fills them in).
  std::string account_id;
  std::string region;

  // Filled in by Fleet from its instances.
  std::string arn;
  std::vector<std::string> member_identifiers;
  bool multi_az = false;

  bool operator==(const DbCluster&) const = default;
};

// One account of an AWS Organization, as ListAccounts reports it.
struct OrganizationAccount {
  std::string id;
  std::string name;
  std::string email;
  // ACTIVE, SUSPENDED or PENDING_CLOSURE.
  std::string status = "ACTIVE";
  // CREATED or INVITED.
  std::string joined_method = "CREATED";
  std::chrono::sys_seconds joined{};

  bool operator==(const OrganizationAccount&) const = default;
};

// The AWS Organization the fleet's accounts belong to; its management account is the fleet's own account.
struct Organization {
  // "o-" and 10 to 32 lowercase letters or digits.
  std::string id;
  std::string management_account_id;
  // In the order ListAccounts pages through them; the management account among them.
  std::vector<OrganizationAccount> accounts;

  bool operator==(const Organization&) const = default;
};

// What a fleet spans beyond its own account and region: more regions it serves (those its resources name are
// served anyway) and the organization of its accounts, if it has one.
struct FleetLayout {
  std::vector<std::string> regions;
  std::optional<Organization> organization;

  bool operator==(const FleetLayout&) const = default;
};

// A custom DB parameter group (cluster false) or DB cluster parameter group (cluster true): the values its owner
// set over its family's defaults.
struct ParameterGroup {
  std::string name;
  // "mysql8.0", "postgres16", "aurora-mysql8.0", ...
  std::string family;
  bool cluster = false;
  std::string description;
  // Sorted by name.
  std::vector<std::pair<std::string, std::string>> parameters;
  // Empty: the fleet's account and region (Fleet fills them in).
  std::string account_id;
  std::string region;

  bool operator==(const ParameterGroup&) const = default;
};

// The source types DescribeEvents knows (its SourceType parameter and each Event's SourceType).
inline constexpr std::string_view kEventSourceTypes[] = {"db-instance",
                                                         "db-parameter-group",
                                                         "db-security-group",
                                                         "db-snapshot",
                                                         "db-cluster",
                                                         "db-cluster-snapshot",
                                                         "custom-engine-version",
                                                         "db-proxy",
                                                         "blue-green-deployment",
                                                         "db-shard-group",
                                                         "zero-etl"};

// An event the fleet file lists, beside those generated over time (events_per_hour).
struct FleetEvent {
  std::string source_identifier;
  // db-instance, db-cluster, db-parameter-group, db-snapshot, ...
  std::string source_type;
  std::string message;
  std::vector<std::string> categories;
  std::chrono::sys_seconds date{};
  std::string account_id;
  std::string region;

  bool operator==(const FleetEvent&) const = default;
};

// A quota DescribeAccountAttributes reports with other numbers than AWS's defaults and the fleet's usage.
struct AccountQuotaSetting {
  std::string name;
  long long max = 0;
  std::optional<long long> used;

  bool operator==(const AccountQuotaSetting&) const = default;
};

// What the exporter's inventory reads beside instances and clusters: parameter groups, events, quotas.
struct FleetInventory {
  std::vector<ParameterGroup> parameter_groups;
  std::vector<FleetEvent> events;
  std::vector<AccountQuotaSetting> account_quotas;
  // Events DescribeEvents makes up per simulated hour and scope, from the scope's instances and clusters.
  int events_per_hour = 0;

  bool operator==(const FleetInventory&) const = default;
};

class Fleet;

// The fleets of one scope each, built when first asked for and shared by the copies of a Fleet.
struct ScopeViews {
  std::mutex mutex;
  std::map<Scope, std::unique_ptr<const Fleet>> views;
};

// The simulated AWS account: who may call it and which databases it holds. Immutable once built, so every
// request thread reads it without locks.
class Fleet {
 public:
  // Instances and clusters must reference each other consistently (the loader and the generator make sure);
  // the constructor sorts them by identifier, as RDS lists them, and derives ARNs, cluster members, replica
  // lists and the standby AZ of Multi-AZ instances. Roles named by `credential_sources` must be among its roles.
  // Resources and principals may live in other accounts and regions than the fleet's own (the default for those
  // that do not say): the fleet is then the whole of them, and in_scope() what one caller sees.
  Fleet(std::string account_id, std::string region, std::vector<Principal> principals, std::vector<DbCluster> clusters,
        std::vector<DbInstance> instances, CredentialSources credential_sources = {}, FleetLayout layout = {},
        FleetInventory inventory = {});

  const std::string& account_id() const { return account_id_; }
  const std::string& region() const { return region_; }
  std::span<const Principal> principals() const { return principals_; }
  std::span<const DbCluster> clusters() const { return clusters_; }
  std::span<const DbInstance> instances() const { return instances_; }
  const CredentialSources& credential_sources() const { return credential_sources_; }
  const FleetLayout& layout() const { return layout_; }
  // In a scope's view: only that scope's parameter groups and listed events.
  const FleetInventory& inventory() const { return inventory_; }
  // A custom parameter group of this scope; nullptr when there is none of that name and kind.
  const ParameterGroup* find_parameter_group(std::string_view name, bool cluster) const;
  const std::optional<Organization>& organization() const { return layout_.organization; }
  // The regions requests may be signed for: the fleet's own first, then the layout's and those its resources name.
  std::span<const std::string> regions() const { return regions_; }
  bool serves_region(std::string_view region) const;
  // Every account that has principals, roles, resources or organization membership, the fleet's own first.
  std::span<const std::string> accounts() const { return accounts_; }

  // What a caller of `scope` sees: the resources of that account and region only, with the same principals and
  // roles. Its account_id() and region() are the scope's. It lives as long as this fleet (or a copy of it).
  const Fleet& in_scope(const Scope& scope) const;

  // By identifier, in any case, as RDS matches them.
  const DbInstance* find_instance(std::string_view identifier) const;
  const DbCluster* find_cluster(std::string_view identifier) const;
  const Principal* find_principal(std::string_view access_key_id) const;

  // "arn:aws:rds:<region>:<account>:<resource type>:<name>"
  std::string rds_arn(std::string_view resource_type, std::string_view name) const;

  // "<identifier>.<account part>.<region>.rds.amazonaws.com", as RDS names instance endpoints.
  std::string instance_endpoint(std::string_view identifier) const;
  // "<identifier>.cluster-<account part>.<region>.rds.amazonaws.com", with "cluster-ro-" for the reader endpoint.
  std::string cluster_endpoint(std::string_view identifier, bool reader) const;
  // The Route 53 zone of the region's endpoints.
  const std::string& hosted_zone_id() const { return hosted_zone_id_; }

 private:
  std::string account_id_;
  std::string region_;
  std::string endpoint_account_part_;
  std::string hosted_zone_id_;
  std::vector<Principal> principals_;
  std::vector<DbCluster> clusters_;
  std::vector<DbInstance> instances_;
  CredentialSources credential_sources_;
  FleetLayout layout_;
  FleetInventory inventory_;
  std::vector<std::string> regions_;
  std::vector<std::string> accounts_;
  // Every resource is in the fleet's own scope: in_scope() of that scope is the fleet itself.
  bool single_scope_ = true;
  std::shared_ptr<ScopeViews> scope_views_ = std::make_shared<ScopeViews>();
};

// The account of "arn:aws:iam::<account>:..." or "arn:aws:sts::<account>:..."; empty when it names none.
std::string account_of_arn(std::string_view arn);

// An AWS account ID: exactly 12 decimal digits.
bool is_account_id(std::string_view text);

std::string to_lower_identifier(std::string_view identifier);

}  // namespace rds_exporter::sim
