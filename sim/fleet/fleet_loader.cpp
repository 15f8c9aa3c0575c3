#include "sim/fleet/fleet_loader.h"

#include "common/nearest_name.h"
#include "sim/fleet/credential_sources_reader.h"
#include "sim/fleet/engine_catalog.h"
#include "sim/common/iso8601.h"
#include "sim/fleet/instance_defaults.h"
#include "sim/fleet/parameter_catalog.h"
#include "sim/fleet/resource_ids.h"
#include "sim/fleet/standard_principals.h"
#include "sim/fleet/yaml_mapping.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

constexpr std::string_view kTopKeys[] = {
    "account_id", "principals", "clusters",     "instances",        "roles",  "imds",           "container",      "sso",
    "faults",     "regions",    "organization", "parameter_groups", "events", "account_quotas", "events_per_hour"};
constexpr std::string_view kParameterGroupKeys[] = {"name",       "family",  "cluster", "description",
                                                    "parameters", "account", "region"};
constexpr std::string_view kEventKeys[] = {"source_identifier", "source_type", "message", "categories", "date",
                                           "account",           "region"};
constexpr std::string_view kPendingMaintenanceKeys[] = {"action",       "description",   "auto_applied_after",
                                                        "forced_apply", "current_apply", "opt_in_status"};
constexpr std::string_view kMaintenanceActions[] = {"system-update", "db-upgrade", "os-upgrade", "hardware-maintenance",
                                                    "ca-certificate-rotation"};
constexpr std::string_view kOptInStatuses[] = {"immediate", "next-maintenance", "undo-opt-in"};
// AWS's account quota names, as DescribeAccountAttributes lists them.
constexpr std::string_view kQuotaNames[] = {"DBInstances",
                                            "ReservedDBInstances",
                                            "AllocatedStorage",
                                            "DBSecurityGroups",
                                            "AuthorizationsPerDBSecurityGroup",
                                            "DBParameterGroups",
                                            "ManualSnapshots",
                                            "EventSubscriptions",
                                            "DBSubnetGroups",
                                            "OptionGroups",
                                            "SubnetsPerDBSubnetGroup",
                                            "ReadReplicasPerMaster",
                                            "DBClusters",
                                            "DBClusterParameterGroups",
                                            "DBClusterRoles",
                                            "ManualClusterSnapshots",
                                            "CustomEndpointsPerDBCluster",
                                            "DBInstanceRoles"};
constexpr std::string_view kPrincipalKeys[] = {"name",          "arn",        "access_key_id", "secret_access_key",
                                               "session_token", "expiration", "allow",         "account"};
constexpr std::string_view kClusterKeys[] = {"id",           "engine",  "engine_version",      "status",
                                             "storage_type", "created", "deletion_protection", "tags",
                                             "account",      "region",  "parameter_group",     "pending_maintenance"};
constexpr std::string_view kOrganizationKeys[] = {"id", "accounts"};
constexpr std::string_view kOrganizationAccountKeys[] = {"id", "name", "email", "status", "joined_method", "joined"};
constexpr std::string_view kAccountStatuses[] = {"ACTIVE", "SUSPENDED", "PENDING_CLOSURE"};
constexpr std::string_view kJoinedMethods[] = {"CREATED", "INVITED"};
// When organization members joined unless the file says: a fixed day, so that answers never change.
constexpr sys_days kDefaultJoinDay = year{2020} / 1 / 15;
constexpr std::string_view kInstanceKeys[] = {"id",
                                              "engine",
                                              "engine_version",
                                              "class",
                                              "status",
                                              "availability_zone",
                                              "multi_az",
                                              "storage_type",
                                              "allocated_storage",
                                              "iops",
                                              "storage_throughput",
                                              "max_allocated_storage",
                                              "account",
                                              "region",
                                              "cluster",
                                              "cluster_writer",
                                              "promotion_tier",
                                              "replica_of",
                                              "performance_insights",
                                              "monitoring_interval",
                                              "ca_certificate",
                                              "certificate_valid_till",
                                              "created",
                                              "dbi_resource_id",
                                              "publicly_accessible",
                                              "deletion_protection",
                                              "tags",
                                              "parameter_group",
                                              "backup_retention_period",
                                              "pending_maintenance"};

constexpr std::string_view kInstanceStatuses[] = {"available",
                                                  "backing-up",
                                                  "configuring-enhanced-monitoring",
                                                  "creating",
                                                  "deleting",
                                                  "failed",
                                                  "inaccessible-encryption-credentials",
                                                  "incompatible-parameters",
                                                  "maintenance",
                                                  "modifying",
                                                  "rebooting",
                                                  "renaming",
                                                  "starting",
                                                  "stopped",
                                                  "stopping",
                                                  "storage-full",
                                                  "storage-optimization",
                                                  "upgrading"};
constexpr std::string_view kClusterStatuses[] = {"available",    "backing-up",  "creating",  "deleting",
                                                 "failing-over", "maintenance", "modifying", "rebooting",
                                                 "starting",     "stopped",     "stopping",  "upgrading"};
constexpr std::string_view kStorageTypes[] = {"gp2", "gp3", "io1", "io2", "standard", "aurora", "aurora-iopt1"};
constexpr std::string_view kClusterStorageTypes[] = {"aurora", "aurora-iopt1"};
// RDS's Multi-AZ DB clusters are the only clusters of engines that also run alone.
constexpr std::string_view kMultiAzClusterEngines[] = {"mysql", "postgres"};
constexpr long long kMonitoringIntervals[] = {0, 1, 5, 10, 15, 30, 60};

constexpr sys_days kDefaultCreateDay = year{2023} / 1 / 15;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_letter_or_digit(char c) { return is_letter(c) || is_digit(c); }

// What region names look like ("us-east-1", "ap-northeast-2", "us-gov-west-1"): lower-case words and a number.
bool is_region_name(std::string_view text) {
  if (text.size() < 6 || text.size() > 32 || !is_digit(text.back())) return false;
  const auto parts = std::count(text.begin(), text.end(), '-');
  return parts >= 2 && !text.starts_with("-") && text.find("--") == std::string_view::npos &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; });
}

bool contains(std::span<const std::string_view> values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string unknown_value_message(std::string_view what, std::string_view value,
                                  std::span<const std::string_view> allowed) {
  std::string message = "unknown " + std::string(what) + " '" + std::string(value) + "'";
  const std::vector<std::string> candidates(allowed.begin(), allowed.end());
  if (const auto suggestion = common::nearest_name(value, candidates)) {
    message += "; did you mean '" + *suggestion + "'?";
  }
  return message;
}

// The rules RDS applies to instance and cluster identifiers.
std::optional<std::string> identifier_problem(std::string_view id) {
  if (id.empty() || id.size() > 63) return "must be 1 to 63 characters";
  if (!is_letter(id.front())) return "must start with a letter";
  if (!std::all_of(id.begin(), id.end(), [](char c) { return is_letter_or_digit(c) || c == '-'; })) {
    return "may hold only letters, digits and hyphens";
  }
  if (id.back() == '-' || id.find("--") != std::string_view::npos) {
    return "must not end with a hyphen or hold two in a row";
  }
  return std::nullopt;
}

std::optional<std::string> tag_problem(const Tag& tag) {
  if (tag.key.empty() || tag.key.size() > 128) return "tag keys are 1 to 128 characters";
  if (tag.value.size() > 256) return "tag values are at most 256 characters";
  const auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20; };
  // XML cannot carry these at all, so DescribeDBInstances could not return them.
  if (std::any_of(tag.key.begin(), tag.key.end(), control) ||
      std::any_of(tag.value.begin(), tag.value.end(), control)) {
    return "tags cannot hold control characters";
  }
  return std::nullopt;
}

class FleetFileReader {
 public:
  FleetFileReader(std::string_view file_name, std::string_view region, sys_seconds origin)
      : problems_(std::string(file_name)), region_(region), origin_(origin) {}

  FleetOrProblems read(const std::string& yaml) {
    YAML::Node root;
    try {
      root = YAML::Load(yaml);
    } catch (const YAML::ParserException& e) {
      problems_.add(e.mark, "", "invalid YAML: " + e.msg);
      return problems_.messages();
    }
    if (!root.IsMap()) {
      problems_.add(root.Mark(), "",
                    "expected a mapping with principals, clusters and instances, got " + describe_yaml(root));
      return problems_.messages();
    }
    YamlMapping top(root, "", kTopKeys, problems_);
    if (const auto account = top.text("account_id")) {
      if (account->size() == 12 && std::all_of(account->begin(), account->end(), is_digit)) {
        account_id_ = *account;
      } else {
        top.problem("account_id", "expected 12 digits, got '" + *account + "'");
      }
    }
    for (const auto& region : top.text_list("regions")) {
      if (!is_region_name(region)) top.problem("regions", "'" + region + "' is not a region name like eu-west-1");
      layout_.regions.push_back(region);
    }
    for_each_mapping(top, "principals", kPrincipalKeys, problems_, [this](YamlMapping& m) { read_principal(m); });
    for_each_mapping(top, "clusters", kClusterKeys, problems_, [this](YamlMapping& m) { read_cluster(m); });
    for_each_mapping(top, "instances", kInstanceKeys, problems_, [this](YamlMapping& m) { read_instance(m); });
    CredentialSources credential_sources = read_credential_sources(top, account_id_, principals_, problems_);
    read_organization(top);
    read_inventory(top);
    link_instances();
    link_parameter_groups();
    if (!problems_.empty()) return problems_.messages();

    std::vector<DbInstance> instances;
    for (auto& read : instances_) instances.push_back(std::move(read.instance));
    std::vector<DbCluster> clusters;
    for (auto& read : clusters_) clusters.push_back(std::move(read.cluster));
    return Fleet(account_id_, std::string(region_), std::move(principals_), std::move(clusters), std::move(instances),
                 std::move(credential_sources), std::move(layout_), std::move(inventory_));
  }

 private:
  struct ReadCluster {
    DbCluster cluster;
    YamlMapping mapping;
  };
  struct ReadInstance {
    DbInstance instance;
    YamlMapping mapping;
    bool engine_given;
    bool version_given;
  };

  std::optional<std::string> identifier(YamlMapping& m) {
    auto id = m.required_text("id");
    if (!id) return std::nullopt;
    if (const auto problem = identifier_problem(*id)) {
      m.problem("id", "'" + *id + "' " + *problem);
      return std::nullopt;
    }
    return to_lower_identifier(*id);
  }

  std::string one_of(YamlMapping& m, std::string_view key, std::string_view what,
                     std::span<const std::string_view> allowed, std::string_view fallback) {
    const auto value = m.text(key);
    if (!value) return std::string(fallback);
    if (!contains(allowed, *value)) m.problem(key, unknown_value_message(what, *value, allowed));
    return *value;
  }

  std::vector<Tag> tags(YamlMapping& m) {
    std::vector<Tag> tags;
    for (auto& [key, value] : m.text_map("tags")) {
      Tag tag{std::move(key), std::move(value)};
      if (const auto problem = tag_problem(tag)) m.problem("tags", "tag '" + tag.key + "': " + *problem);
      tags.push_back(std::move(tag));
    }
    return tags;
  }

  const EngineInfo* engine(YamlMapping& m, const std::string& name) {
    const EngineInfo* info = find_engine(name);
    if (info == nullptr) {
      const std::vector<std::string> names = engine_names();
      std::string message = "unknown engine '" + name + "'";
      if (const auto suggestion = common::nearest_name(name, names)) message += "; did you mean '" + *suggestion + "'?";
      m.problem("engine", message);
    }
    return info;
  }

  void read_principal(YamlMapping& m) {
    Principal principal;
    principal.name = m.required_text("name").value_or("");
    principal.account_id = account(m);
    principal.arn = m.text("arn").value_or("arn:aws:iam::" + principal.account_id + ":user/" + principal.name);
    principal.access_key_id = m.required_text("access_key_id").value_or("");
    if (!principal.access_key_id.empty() &&
        (principal.access_key_id.size() < 16 || principal.access_key_id.size() > 128 ||
         !std::all_of(principal.access_key_id.begin(), principal.access_key_id.end(), is_letter_or_digit))) {
      m.problem("access_key_id", "expected 16 to 128 letters and digits, as AWS access key ids are");
    }
    principal.secret_access_key = m.required_text("secret_access_key").value_or("");
    principal.session_token = m.text("session_token").value_or("");
    principal.expiration = m.timestamp("expiration");
    if (principal.expiration && principal.session_token.empty()) {
      m.problem("expiration", "only temporary credentials expire: set session_token too");
    }
    principal.allowed_actions = m.text_list("allow");
    for (const auto& action : principal.allowed_actions) {
      if (action != "*" && action.find(':') == std::string::npos) {
        m.problem("allow", "'" + action + "' is not an IAM action like rds:DescribeDBInstances");
      }
    }
    for (const auto& other : principals_) {
      if (!principal.access_key_id.empty() && other.access_key_id == principal.access_key_id) {
        m.problem("access_key_id", "another principal ('" + other.name + "') already has this access key id");
      }
    }
    principals_.push_back(std::move(principal));
  }

  void read_cluster(YamlMapping& m) {
    DbCluster cluster;
    cluster.identifier = identifier(m).value_or("");
    if (const auto engine_name = m.required_text("engine")) {
      cluster.engine = *engine_name;
      const EngineInfo* info = engine(m, cluster.engine);
      if (info != nullptr && !info->clustered && !contains(kMultiAzClusterEngines, cluster.engine)) {
        m.problem("engine", cluster.engine + " does not run in DB clusters");
      }
      if (info != nullptr) cluster.engine_version = m.text("engine_version").value_or(std::string(info->versions[0]));
    }
    cluster.status = one_of(m, "status", "cluster status", kClusterStatuses, "available");
    cluster.storage_type = one_of(m, "storage_type", "cluster storage type", kClusterStorageTypes, "aurora");
    cluster.create_time = m.timestamp("created").value_or(sys_seconds{kDefaultCreateDay});
    cluster.deletion_protection = m.boolean("deletion_protection").value_or(false);
    cluster.tags = tags(m);
    cluster.account_id = account(m);
    cluster.region = region(m);
    cluster.resource_id = cluster_resource_id(cluster.account_id, cluster.region, cluster.identifier);
    cluster.parameter_group = m.text("parameter_group").value_or("");
    cluster.pending_maintenance = pending_maintenance(m);
    for (const auto& other : clusters_) {
      if (!cluster.identifier.empty() && other.cluster.identifier == cluster.identifier) {
        m.problem("id", "another cluster already has the identifier '" + cluster.identifier + "'");
      }
    }
    clusters_.push_back({std::move(cluster), std::move(m)});
  }

  // The `account` key, default the fleet's.
  std::string account(YamlMapping& m) {
    const std::string id = m.text("account").value_or(account_id_);
    if (!is_account_id(id)) m.problem("account", "expected 12 digits, got '" + id + "'");
    return id;
  }

  // The `region` key, default the simulator's --region.
  std::string region(YamlMapping& m) {
    const std::string name = m.text("region").value_or(std::string(region_));
    if (!is_region_name(name)) m.problem("region", "'" + name + "' is not a region name like eu-west-1");
    return name;
  }

  std::string availability_zone(YamlMapping& m, const std::string& region) {
    const std::string zone = m.text("availability_zone").value_or("a");
    // A letter alone is the zone of the instance's region, so one file serves any --region.
    if (zone.size() == 1 && zone[0] >= 'a' && zone[0] <= 'f') return region + zone;
    if (zone.size() == region.size() + 1 && zone.starts_with(region) && zone.back() >= 'a' && zone.back() <= 'f') {
      return zone;
    }
    m.problem("availability_zone",
              "expected a zone letter (a to f) or a zone of " + region + " such as " + region + "a, got '" + zone + "'");
    return zone;
  }

  void read_organization(YamlMapping& top) {
    const YAML::Node* node = top.node("organization");
    if (node == nullptr || node->IsNull()) return;
    if (!node->IsMap()) {
      top.problem("organization", "expected a mapping with id and accounts, got " + describe_yaml(*node));
      return;
    }
    YamlMapping m(*node, top.key_path("organization"), kOrganizationKeys, problems_);
    Organization organization;
    organization.management_account_id = account_id_;
    organization.id = m.text("id").value_or("o-rdssimorg01");
    const bool id_ok = organization.id.size() >= 12 && organization.id.size() <= 34 && organization.id.starts_with("o-") &&
                       std::all_of(organization.id.begin() + 2, organization.id.end(),
                                   [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c); });
    if (!id_ok) m.problem("id", "expected 'o-' and 10 to 32 lower-case letters or digits, got '" + organization.id + "'");
    for_each_mapping(m, "accounts", kOrganizationAccountKeys, problems_, [&](YamlMapping& a) {
      OrganizationAccount member;
      member.id = a.required_text("id").value_or("");
      if (!member.id.empty() && !is_account_id(member.id)) a.problem("id", "expected 12 digits, got '" + member.id + "'");
      for (const auto& other : organization.accounts) {
        if (!member.id.empty() && other.id == member.id) a.problem("id", "account " + member.id + " is listed twice");
      }
      member.name = a.text("name").value_or("account-" + member.id);
      member.email = a.text("email").value_or("aws+" + member.id + "@example.com");
      member.status = one_of(a, "status", "account status", kAccountStatuses, "ACTIVE");
      member.joined_method =
          one_of(a, "joined_method", "joined method", kJoinedMethods, member.id == account_id_ ? "INVITED" : "CREATED");
      member.joined = a.timestamp("joined").value_or(sys_seconds{kDefaultJoinDay});
      organization.accounts.push_back(std::move(member));
    });
    // The management account belongs to its organization whether or not the file lists it.
    const bool listed = std::any_of(organization.accounts.begin(), organization.accounts.end(),
                                    [&](const OrganizationAccount& member) { return member.id == account_id_; });
    if (!listed) {
      organization.accounts.insert(organization.accounts.begin(),
                                   OrganizationAccount{account_id_, "management", "aws+" + account_id_ + "@example.com",
                                                       "ACTIVE", "INVITED", sys_seconds{kDefaultJoinDay}});
    }
    layout_.organization = std::move(organization);
  }

  void read_instance(YamlMapping& m) {
    DbInstance instance;
    instance.identifier = identifier(m).value_or("");
    const auto engine_name = m.text("engine");
    instance.engine = engine_name.value_or("");
    const auto version = m.text("engine_version");
    instance.engine_version = version.value_or("");
    if (const auto instance_class = m.required_text("class")) {
      instance.instance_class = *instance_class;
      if (!instance.instance_class.starts_with("db.")) {
        m.problem("class", "expected an instance class like db.r6g.large, got '" + instance.instance_class + "'");
      }
    }
    instance.status = one_of(m, "status", "instance status", kInstanceStatuses, "available");
    instance.account_id = account(m);
    instance.region = region(m);
    instance.availability_zone = availability_zone(m, instance.region);
    instance.multi_az = m.boolean("multi_az").value_or(false);
    instance.storage_type = m.text("storage_type").value_or("");
    if (!instance.storage_type.empty() && !contains(kStorageTypes, instance.storage_type)) {
      m.problem("storage_type", unknown_value_message("storage type", instance.storage_type, kStorageTypes));
    }
    instance.allocated_storage = static_cast<int>(m.integer("allocated_storage", 1, 65536).value_or(0));
    if (const auto iops = m.integer("iops", 1000, 256000)) instance.iops = static_cast<int>(*iops);
    if (const auto throughput = m.integer("storage_throughput", 125, 4000)) {
      instance.storage_throughput = static_cast<int>(*throughput);
    }
    if (const auto max = m.integer("max_allocated_storage", 20, 65536)) {
      instance.max_allocated_storage = static_cast<int>(*max);
    }
    instance.cluster_identifier = to_lower_identifier(m.text("cluster").value_or(""));
    instance.cluster_writer = m.boolean("cluster_writer").value_or(false);
    instance.promotion_tier = static_cast<int>(m.integer("promotion_tier", 0, 15).value_or(1));
    instance.read_replica_source = to_lower_identifier(m.text("replica_of").value_or(""));
    instance.performance_insights_enabled = m.boolean("performance_insights").value_or(false);
    if (const auto interval = m.integer("monitoring_interval", 0, 60)) {
      if (std::find(std::begin(kMonitoringIntervals), std::end(kMonitoringIntervals), *interval) ==
          std::end(kMonitoringIntervals)) {
        m.problem("monitoring_interval",
                  "expected 0, 1, 5, 10, 15, 30 or 60 seconds, got " + std::to_string(*interval));
      }
      instance.monitoring_interval = static_cast<int>(*interval);
    }
    instance.ca_certificate_identifier =
        one_of(m, "ca_certificate", "certificate authority", certificate_authorities(), "rds-ca-rsa2048-g1");
    instance.create_time = m.timestamp("created").value_or(sys_seconds{kDefaultCreateDay});
    instance.certificate_valid_till =
        when(m, "certificate_valid_till")
            .value_or(default_certificate_valid_till(instance.ca_certificate_identifier, instance.create_time));
    instance.dbi_resource_id =
        m.text("dbi_resource_id").value_or(dbi_resource_id(instance.account_id, instance.region, instance.identifier));
    instance.publicly_accessible = m.boolean("publicly_accessible").value_or(false);
    instance.deletion_protection = m.boolean("deletion_protection").value_or(false);
    instance.tags = tags(m);
    instance.parameter_group = m.text("parameter_group").value_or("");
    if (const auto retention = m.integer("backup_retention_period", 0, 35)) {
      instance.backup_retention_period = static_cast<int>(*retention);
    }
    instance.pending_maintenance = pending_maintenance(m);
    instances_.push_back({std::move(instance), std::move(m), engine_name.has_value(), version.has_value()});
  }

  const ReadCluster* cluster_named(const std::string& identifier) const {
    const auto it = std::find_if(clusters_.begin(), clusters_.end(),
                                 [&](const ReadCluster& c) { return c.cluster.identifier == identifier; });
    return it == clusters_.end() ? nullptr : &*it;
  }

  const ReadInstance* instance_named(const std::string& identifier) const {
    const auto it = std::find_if(instances_.begin(), instances_.end(),
                                 [&](const ReadInstance& i) { return i.instance.identifier == identifier; });
    return it == instances_.end() ? nullptr : &*it;
  }

  // What can only be checked with every section read: cluster membership, replication sources, and the
  // defaults that depend on them.
  void link_instances() {
    std::map<std::string, std::string> writer_of;
    std::set<std::string> seen;
    for (auto& [instance, m, engine_given, version_given] : instances_) {
      if (!instance.identifier.empty() && !seen.insert(instance.identifier).second) {
        m.problem("id", "another instance already has the identifier '" + instance.identifier + "'");
      }
      link_cluster(instance, m, engine_given, version_given, writer_of);
      const EngineInfo* info = instance.engine.empty() ? nullptr : find_engine(instance.engine);
      if (info == nullptr) {
        // An unknown engine inherited from a cluster was reported there already.
        if (engine_given) engine(m, instance.engine);
        continue;
      }
      if (instance.engine_version.empty()) instance.engine_version = std::string(info->versions[0]);
      if (info->clustered && instance.cluster_identifier.empty()) {
        m.problem("engine", instance.engine + " instances live in a DB cluster: set 'cluster'");
      }
      link_replica(instance, m);
      apply_storage_defaults(instance, *info, m);
    }
  }

  void link_cluster(DbInstance& instance, YamlMapping& m, bool engine_given, bool version_given,
                    std::map<std::string, std::string>& writer_of) {
    if (instance.cluster_identifier.empty()) {
      if (!engine_given) m.problem("engine", "missing (required unless the instance belongs to a cluster)");
      if (instance.cluster_writer) m.problem("cluster_writer", "only cluster members can be writers");
      return;
    }
    const ReadCluster* cluster = cluster_named(instance.cluster_identifier);
    if (cluster == nullptr) {
      m.problem("cluster", "no cluster '" + instance.cluster_identifier + "' in clusters");
      return;
    }
    if (instance.account_id != cluster->cluster.account_id || instance.region != cluster->cluster.region) {
      m.problem("cluster", "cluster '" + cluster->cluster.identifier + "' is in account " + cluster->cluster.account_id +
                               ", " + cluster->cluster.region + "; its instances must be too");
    }
    if (!engine_given) instance.engine = cluster->cluster.engine;
    if (!version_given) instance.engine_version = cluster->cluster.engine_version;
    if (instance.engine != cluster->cluster.engine) {
      m.problem("engine", "'" + instance.engine + "' differs from the engine of cluster '" +
                              cluster->cluster.identifier + "' (" + cluster->cluster.engine + ")");
    }
    if (instance.cluster_writer) {
      const auto [writer, first] = writer_of.emplace(instance.cluster_identifier, instance.identifier);
      if (!first)
        m.problem("cluster_writer",
                  "cluster '" + instance.cluster_identifier + "' already has a writer, '" + writer->second + "'");
    }
    if (instance.storage_type.empty()) instance.storage_type = cluster->cluster.storage_type;
  }

  void link_replica(DbInstance& instance, YamlMapping& m) {
    if (instance.read_replica_source.empty()) return;
    const ReadInstance* source = instance_named(instance.read_replica_source);
    if (source == nullptr) {
      m.problem("replica_of", "no instance '" + instance.read_replica_source + "' in instances");
    } else if (source->instance.identifier == instance.identifier) {
      m.problem("replica_of", "an instance cannot replicate itself");
    } else if (!source->instance.cluster_identifier.empty() || !instance.cluster_identifier.empty() ||
               !source->instance.read_replica_source.empty()) {
      m.problem("replica_of", "read replicas here copy a standalone instance and stand alone themselves");
    } else if (source->instance.account_id != instance.account_id || source->instance.region != instance.region) {
      m.problem("replica_of", "read replicas here stay in their source's account and region");
    } else if (source->instance.engine != instance.engine) {
      m.problem("replica_of", "the source runs " + source->instance.engine + ", this instance " + instance.engine);
    }
  }

  static void apply_storage_defaults(DbInstance& instance, const EngineInfo& info, YamlMapping& m) {
    if (instance.storage_type.empty()) instance.storage_type = info.clustered ? "aurora" : "gp3";
    if (instance.allocated_storage == 0) instance.allocated_storage = info.clustered ? 1 : 100;
    if (instance.storage_type == "gp3") apply_gp3_baseline(instance);
    if ((instance.storage_type == "io1" || instance.storage_type == "io2") && !instance.iops) {
      m.problem("iops", "missing (required for " + instance.storage_type + " storage)");
    }
  }

  // A date of the file: ISO 8601 UTC, or relative to the simulator's start.
  std::optional<sys_seconds> when(YamlMapping& m, std::string_view key) {
    const auto text = m.text(key);
    if (!text) return std::nullopt;
    const auto time = parse_fleet_time(*text, origin_);
    if (!time) {
      m.problem(key,
                "expected a UTC time such as 2026-01-01T00:00:00Z or a time relative to rds_sim's start such as "
                "+7d, -3h, +30m, got '" +
                    *text + "'");
    }
    return time;
  }

  std::vector<PendingMaintenanceAction> pending_maintenance(YamlMapping& parent) {
    std::vector<PendingMaintenanceAction> actions;
    for_each_mapping(parent, "pending_maintenance", kPendingMaintenanceKeys, problems_, [&](YamlMapping& m) {
      PendingMaintenanceAction action;
      if (const auto name = m.required_text("action")) {
        action.action = *name;
        if (!contains(kMaintenanceActions, *name)) {
          m.problem("action", unknown_value_message("maintenance action", *name, kMaintenanceActions));
        }
      }
      action.description = m.text("description").value_or(default_maintenance_description(action.action));
      action.auto_applied_after = when(m, "auto_applied_after");
      action.forced_apply = when(m, "forced_apply");
      action.current_apply = when(m, "current_apply");
      if (const auto status = m.text("opt_in_status")) {
        action.opt_in_status = *status;
        if (!contains(kOptInStatuses, *status)) {
          m.problem("opt_in_status", unknown_value_message("opt-in status", *status, kOptInStatuses));
        }
      }
      actions.push_back(std::move(action));
    });
    return actions;
  }

  void read_inventory(YamlMapping& top) {
    if (const auto rate = top.integer("events_per_hour", 0, 3600)) inventory_.events_per_hour = static_cast<int>(*rate);
    for_each_mapping(top, "parameter_groups", kParameterGroupKeys, problems_, [this](YamlMapping& m) {
      ParameterGroup group;
      group.name = m.required_text("name").value_or("");
      if (group.name.starts_with("default.")) {
        m.problem("name", "'" + group.name + "': groups named default.* are RDS's own, made from the family");
      } else if (const auto problem = identifier_problem(group.name); problem && !group.name.empty()) {
        m.problem("name", "'" + group.name + "' " + *problem);
      }
      group.cluster = m.boolean("cluster").value_or(false);
      if (const auto family = m.required_text("family")) {
        group.family = *family;
        if (!family_defaults(group.family, group.cluster)) {
          m.problem("family", unknown_value_message(
                                  group.cluster ? "DB cluster parameter group family" : "DB parameter group family",
                                  group.family, family_names()));
        }
      }
      group.description = m.text("description").value_or(group.name);
      group.parameters = m.text_map("parameters");
      std::sort(group.parameters.begin(), group.parameters.end());
      group.account_id = account(m);
      group.region = region(m);
      for (const auto& other : inventory_.parameter_groups) {
        if (other.name == group.name && other.cluster == group.cluster && other.account_id == group.account_id &&
            other.region == group.region) {
          m.problem("name", "another parameter group of this kind is already named '" + group.name + "'");
        }
      }
      inventory_.parameter_groups.push_back(std::move(group));
    });
    for_each_mapping(top, "events", kEventKeys, problems_, [this](YamlMapping& m) {
      FleetEvent event;
      event.source_identifier = m.required_text("source_identifier").value_or("");
      event.source_type = one_of(m, "source_type", "event source type", kEventSourceTypes, "db-instance");
      event.message = m.required_text("message").value_or("");
      event.categories = m.text_list("categories");
      if (!m.has("date")) m.problem("date", "missing");
      event.date = when(m, "date").value_or(origin_);
      event.account_id = account(m);
      event.region = region(m);
      inventory_.events.push_back(std::move(event));
    });
    const YAML::Node* quotas = top.node("account_quotas");
    if (quotas == nullptr || quotas->IsNull()) return;
    if (!quotas->IsMap()) {
      top.problem("account_quotas",
                  "expected a mapping of quota names to a maximum or to {max, used}, got " + describe_yaml(*quotas));
      return;
    }
    for (const auto& entry : *quotas) {
      const std::string name = entry.first.as<std::string>("");
      const std::string path = top.key_path("account_quotas") + "." + name;
      if (!contains(kQuotaNames, name)) {
        problems_.add(entry.first.Mark(), path, unknown_value_message("account quota", name, kQuotaNames));
        continue;
      }
      AccountQuotaSetting quota{name};
      const auto number = [&](const YAML::Node& node, const std::string& where) -> std::optional<long long> {
        try {
          const long long value = node.as<long long>();
          if (value >= 0) return value;
        } catch (const YAML::Exception&) {
        }
        problems_.add(node.Mark(), where, "expected a whole number from 0, got " + describe_yaml(node));
        return std::nullopt;
      };
      if (entry.second.IsMap()) {
        static constexpr std::string_view kQuotaKeys[] = {"max", "used"};
        YamlMapping m(entry.second, path, kQuotaKeys, problems_);
        if (const auto max = m.integer("max", 0, 1LL << 50))
          quota.max = *max;
        else if (!m.has("max"))
          m.problem("max", "missing");
        quota.used = m.integer("used", 0, 1LL << 50);
      } else if (const auto max = number(entry.second, path)) {
        quota.max = *max;
      }
      inventory_.account_quotas.push_back(std::move(quota));
    }
  }

  static std::span<const std::string_view> family_names() {
    static const std::vector<std::string> names = parameter_group_families();
    static const std::vector<std::string_view> views(names.begin(), names.end());
    return views;
  }

  static std::string default_maintenance_description(std::string_view action) {
    if (action == "system-update") return "New Operating System update is available";
    if (action == "os-upgrade") return "New Operating System update is available";
    if (action == "db-upgrade") return "Automatic minor version upgrade";
    if (action == "hardware-maintenance") return "Hardware maintenance of the host";
    if (action == "ca-certificate-rotation") return "Certificate rotation";
    return "";
  }

  // The parameter groups instances and clusters name, with their defaults: "default.<family>".
  void link_parameter_groups() {
    for (auto& [instance, m, engine_given, version_given] : instances_) {
      if (instance.engine.empty() || find_engine(instance.engine) == nullptr) continue;
      link_group(instance.parameter_group, parameter_group_family(instance.engine, instance.engine_version), false,
                 instance.account_id, instance.region, m);
    }
    for (auto& [cluster, m] : clusters_) {
      if (cluster.engine.empty() || find_engine(cluster.engine) == nullptr) continue;
      link_group(cluster.parameter_group, parameter_group_family(cluster.engine, cluster.engine_version), true,
                 cluster.account_id, cluster.region, m);
    }
  }

  void link_group(std::string& name, const std::string& family, bool cluster, const std::string& account,
                  const std::string& region, YamlMapping& m) {
    const std::string default_name = "default." + family;
    if (name.empty()) {
      name = default_name;
      return;
    }
    if (name.starts_with("default.")) {
      if (name != default_name) {
        m.problem("parameter_group",
                  "'" + name + "' is not the default group of family " + family + " (" + default_name + ")");
      }
      return;
    }
    const auto it = std::find_if(inventory_.parameter_groups.begin(), inventory_.parameter_groups.end(),
                                 [&](const ParameterGroup& group) {
                                   return group.name == name && group.cluster == cluster &&
                                          group.account_id == account && group.region == region;
                                 });
    if (it == inventory_.parameter_groups.end()) {
      m.problem("parameter_group", std::string("no ") + (cluster ? "cluster " : "") + "parameter group '" + name +
                                       "' in parameter_groups (of account " + account + ", " + region + ")");
    } else if (it->family != family) {
      m.problem("parameter_group", "'" + name + "' is of family " + it->family + ", this " +
                                       (cluster ? "cluster" : "instance") + " needs " + family);
    }
  }

  FleetFileProblems problems_;
  std::string_view region_;
  sys_seconds origin_;
  FleetInventory inventory_;
  std::string account_id_{kDefaultAccountId};
  FleetLayout layout_;
  std::vector<Principal> principals_;
  std::vector<ReadCluster> clusters_;
  std::vector<ReadInstance> instances_;
};

}  // namespace

std::optional<sys_seconds> parse_fleet_time(std::string_view text, sys_seconds origin) {
  if (text.size() >= 3 && (text[0] == '+' || text[0] == '-')) {
    long long amount = 0;
    for (const char c : text.substr(1, text.size() - 2)) {
      if (!is_digit(c) || amount > 100000000) return std::nullopt;
      amount = amount * 10 + (c - '0');
    }
    long long unit = 0;
    switch (text.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'w':
        unit = 7 * 86400;
        break;
      default:
        return std::nullopt;
    }
    return origin + seconds{(text[0] == '-' ? -amount : amount) * unit};
  }
  return parse_iso8601(text);
}

FleetOrProblems parse_fleet(const std::string& yaml, std::string_view file_name, std::string_view region,
                            std::optional<sys_seconds> origin) {
  return FleetFileReader(file_name, region, origin.value_or(floor<seconds>(system_clock::now()))).read(yaml);
}

FleetOrProblems load_fleet_file(const std::filesystem::path& file, std::string_view region,
                                std::optional<sys_seconds> origin) {
  std::ifstream in(file);
  if (!in) return std::vector<std::string>{file.string() + ": cannot be read"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_fleet(text.str(), file.string(), region, origin);
}

}  // namespace rds_exporter::sim
