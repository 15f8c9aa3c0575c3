#include "sim/fleet/fleet_generator.h"

#include "sim/fleet/deterministic_random.h"
#include "sim/fleet/engine_catalog.h"
#include "sim/fleet/instance_defaults.h"
#include "sim/fleet/resource_ids.h"
#include "sim/fleet/standard_credential_sources.h"

#include <algorithm>
#include <array>
#include <map>
#include <cstdio>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

// How often each engine is chosen for a new database (a cluster counts once, whatever its size).
constexpr std::string_view kEngineNames[] = {
    "postgres",     "mysql",        "aurora-mysql",  "aurora-postgresql", "mariadb", "oracle-ee", "oracle-se2",
    "sqlserver-se", "sqlserver-ee", "sqlserver-web", "sqlserver-ex",      "neptune", "docdb"};
constexpr unsigned kEngineWeights[] = {24, 18, 14, 12, 8, 3, 3, 3, 2, 1, 1, 2, 2};
static_assert(std::size(kEngineNames) == std::size(kEngineWeights));

constexpr std::string_view kTeams[] = {"payments",  "orders",  "inventory", "search",   "identity",
                                       "analytics", "billing", "catalog",   "shipping", "notifications",
                                       "risk",      "ledger",  "messaging", "pricing"};
constexpr std::string_view kApps[] = {"core", "api", "events", "reports", "sessions", "jobs", "users", "audit"};

// Environment of a new database; the last share is for databases nobody tagged.
constexpr std::string_view kEnvironments[] = {"prd", "stg", "dev"};
constexpr unsigned kEnvironmentWeights[] = {45, 25, 22, 8};

constexpr std::string_view kGeneratedInstanceStatuses[] = {"available", "stopped",      "backing-up",
                                                           "modifying", "storage-full", "rebooting"};
constexpr unsigned kInstanceStatusWeights[] = {940, 20, 15, 15, 5, 5};

constexpr std::string_view kGeneratedStorageTypes[] = {"gp3", "gp2", "io1", "io2"};
constexpr unsigned kStorageTypeWeights[] = {60, 25, 10, 5};
constexpr int kAllocatedStorage[] = {20, 50, 100, 200, 400, 500, 1000, 2000};
constexpr int kProvisionedIops[] = {3000, 6000, 12000, 20000};

constexpr unsigned kCertificateWeights[] = {80, 6, 6, 8};  // in the order of certificate_authorities()

constexpr unsigned kReaderCountWeights[] = {30, 40, 20, 10};  // 0..3 readers beside the writer

constexpr sys_days kOldestCreation = year{2019} / 1 / 1;
constexpr sys_days kNewestCreation = year{2026} / 6 / 30;

struct Deployment {
  std::string identifier;
  std::string environment;  // empty when untagged
  std::vector<Tag> tags;
};

class FleetGenerator {
 public:
  explicit FleetGenerator(const GeneratorOptions& options)
      : options_(options),
        random_(options.seed),
        account_id_(options.account_id),
        region_(options.region),
        target_(options.instance_count) {}

  Fleet generate() {
    const std::size_t accounts = std::max<std::size_t>(options_.account_count, 1);
    const std::vector<std::string> regions = generated_regions(options_.region, std::max<std::size_t>(options_.region_count, 1));
    const std::size_t scopes = accounts * regions.size();
    // One random stream and one deployment counter across scopes: identifiers stay unique, and a single scope
    // draws exactly what the generator drew before it knew scopes.
    target_ = 0;
    for (std::size_t scope = 0; scope < scopes; ++scope) {
      account_id_ = generated_account_id(options_.account_id, scope / regions.size() + 1);
      region_ = regions[scope % regions.size()];
      target_ += options_.instance_count / scopes + (scope < options_.instance_count % scopes ? 1 : 0);
      fill_scope();
    }
    FleetLayout layout;
    layout.regions = regions;
    CredentialSources sources = standard_credential_sources(options_.account_id);
    std::vector<Principal> principals = standard_principals(options_.account_id);
    if (accounts > 1) add_organization(accounts, principals, sources, layout);
    FleetInventory inventory = add_inventory();
    return Fleet(options_.account_id, options_.region, std::move(principals), std::move(clusters_),
                 std::move(instances_), std::move(sources), std::move(layout), std::move(inventory));
  }

 private:
  void fill_scope() {
    while (instances_.size() < target_) {
      const std::string_view engine = kEngineNames[random_.weighted_index(kEngineWeights)];
      const EngineInfo& info = *find_engine(engine);
      const Deployment deployment = new_deployment(engine);
      if (info.clustered) {
        add_cluster(info, deployment);
      } else {
        add_standalone(info, deployment);
      }
    }
  }

  void add_organization(std::size_t accounts, std::vector<Principal>& principals, CredentialSources& sources,
                        FleetLayout& layout) const {
    const std::string exporter_arn = "arn:aws:iam::" + options_.account_id + ":user/rds-exporter";
    for (auto& principal : principals) {
      if (principal.name != "rds-exporter") continue;
      principal.allowed_actions.emplace_back("sts:AssumeRole");
      principal.allowed_actions.emplace_back("organizations:ListAccounts");
    }
    Organization organization;
    organization.id = "o-rdssimorg01";
    organization.management_account_id = options_.account_id;
    for (std::size_t n = 1; n <= accounts; ++n) {
      const std::string id = generated_account_id(options_.account_id, n);
      Role role;
      role.name = "rds-exporter";
      role.arn = role_arn(id, role.name);
      role.allowed_actions.assign(std::begin(kExporterActions), std::end(kExporterActions));
      role.trusted_principals = {exporter_arn};
      sources.roles.push_back(std::move(role));
      char name[32];
      std::snprintf(name, sizeof name, "member-%02zu", n);
      organization.accounts.push_back({id, n == 1 ? "management" : name, "aws+" + id + "@example.com", "ACTIVE",
                                       n == 1 ? "INVITED" : "CREATED",
                                       sys_seconds{sys_days{year{2020} / 1 / 15}} + days{n - 1}});
    }
    layout.organization = std::move(organization);
  }

  // What the exporter's inventory reads: backup retention, pending maintenance, certificates about to expire, custom
  // parameter groups, quotas and events. Drawn from a stream of its own after the instances, so that the instances
  // come out exactly as they did before these existed.
  FleetInventory add_inventory() {
    DeterministicRandom random(options_.seed ^ 0x696e76656e746f72ULL);
    FleetInventory inventory;
    inventory.events_per_hour = 4;
    const auto group_for = [&](const std::string& team, const std::string& family, bool cluster,
                               const std::string& account, const std::string& region) -> std::string {
      std::string name = team + "-" + family + (cluster ? "-cluster" : "");
      std::replace(name.begin(), name.end(), '.', '-');
      for (const auto& group : inventory.parameter_groups) {
        if (group.name == name && group.cluster == cluster && group.account_id == account && group.region == region) {
          return name;
        }
      }
      ParameterGroup group{name, family, cluster, team + " settings for " + family, {}, account, region};
      const bool postgres = family.starts_with("postgres") || family.starts_with("aurora-postgresql");
      if (cluster) {
        group.parameters = postgres ? std::vector<std::pair<std::string, std::string>>{{"rds.logical_replication", "1"}}
                                    : std::vector<std::pair<std::string, std::string>>{{"binlog_format", "ROW"}};
      } else {
        // Half the teams set a number of their own, half a formula of the instance's memory.
        const bool literal = random.percent(50);
        const std::string formula =
            postgres ? "LEAST({DBInstanceClassMemory/9531392},2000)"
            : family.starts_with("aurora-mysql")
                ? "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*500})"
                : "{DBInstanceClassMemory/25165760}";
        group.parameters.emplace_back("max_connections",
                                      literal ? std::to_string(random.between(2, 20) * 100) : formula);
        group.parameters.emplace_back(postgres ? "log_min_duration_statement" : "long_query_time",
                                      postgres ? "1000" : "2");
        std::sort(group.parameters.begin(), group.parameters.end());
      }
      inventory.parameter_groups.push_back(std::move(group));
      return name;
    };
    const auto team_of = [](const std::vector<Tag>& tags) {
      for (const auto& tag : tags) {
        if (tag.key == "team") return tag.value;
      }
      return std::string("legacy");
    };
    const auto custom_groups = [](std::string_view engine) {
      return engine == "mysql" || engine == "postgres" || engine == "mariadb" || engine.starts_with("aurora");
    };
    for (auto& cluster : clusters_) {
      if (custom_groups(cluster.engine) && random.percent(40)) {
        cluster.parameter_group =
            group_for(team_of(cluster.tags), parameter_group_family(cluster.engine, cluster.engine_version), true,
                      cluster.account_id, cluster.region);
      }
      // Aurora patches reach whole clusters: one in ten has one pending.
      if (random.percent(10)) {
        cluster.pending_maintenance.push_back({"system-update", "Upgrade to the latest platform version",
                                               options_.origin + days{random.between(1, 21)}, std::nullopt,
                                               std::nullopt, ""});
      }
    }
    std::map<std::pair<std::string, std::string>, long long> per_scope;
    for (auto& instance : instances_) {
      ++per_scope[{instance.account_id, instance.region}];
      const bool prd = std::any_of(instance.tags.begin(), instance.tags.end(),
                                   [](const Tag& tag) { return tag.key == "env" && tag.value == "prd"; });
      if (instance.read_replica_source.empty())
        instance.backup_retention_period = prd ? random.pick(std::array{7, 14, 35}) : random.pick(std::array{1, 7});
      if (custom_groups(instance.engine) && random.percent(35)) {
        instance.parameter_group =
            group_for(team_of(instance.tags), parameter_group_family(instance.engine, instance.engine_version), false,
                      instance.account_id, instance.region);
      }
      if (instance.ca_certificate_identifier != "rds-ca-2019" && random.percent(5)) {
        instance.certificate_valid_till = options_.origin + days{random.between(2, 29)} + hours{random.between(0, 23)};
      }
      const unsigned draw = static_cast<unsigned>(random.below(100));
      PendingMaintenanceAction action;
      if (instance.ca_certificate_identifier == "rds-ca-2019" && random.percent(50)) {
        action = {"ca-certificate-rotation",
                  "Certificate rotation",
                  std::nullopt,
                  options_.origin + days{random.between(3, 40)},
                  std::nullopt,
                  ""};
      } else if (draw < 10) {
        action = {"system-update",
                  "New Operating System update is available",
                  options_.origin + days{random.between(1, 21)},
                  std::nullopt,
                  std::nullopt,
                  ""};
      } else if (draw < 14) {
        // Forced: RDS applies it at the date whatever the owner does.
        action = {"os-upgrade",
                  "New Operating System update is available",
                  options_.origin + days{random.between(1, 7)},
                  options_.origin + days{random.between(8, 30)},
                  std::nullopt,
                  random.percent(30) ? "next-maintenance" : ""};
      } else if (draw < 18) {
        const EngineInfo* info = find_engine(instance.engine);
        action = {"db-upgrade",
                  "Automatic minor version upgrade to " + std::string(info != nullptr ? info->versions[0] : ""),
                  options_.origin + days{random.between(2, 28)},
                  std::nullopt,
                  std::nullopt,
                  ""};
      }
      if (!action.action.empty()) instance.pending_maintenance.push_back(std::move(action));
    }
    long long largest = 0;
    for (const auto& [scope, count] : per_scope) largest = std::max(largest, count);
    // A quota raised to just above what the busiest scope runs, as accounts that grew past 40 have it.
    inventory.account_quotas.push_back({"DBInstances", largest + std::max(2LL, largest / 10), std::nullopt});
    return inventory;
  }

  std::size_t room() const { return target_ - instances_.size(); }

  Deployment new_deployment(std::string_view engine) {
    Deployment deployment;
    const std::size_t environment = random_.weighted_index(kEnvironmentWeights);
    const std::string_view team = random_.pick(kTeams);
    const std::string_view app = random_.pick(kApps);
    char sequence[16];
    std::snprintf(sequence, sizeof sequence, "%04zu", ++deployments_);
    if (environment == std::size(kEnvironments)) {
      deployment.identifier = "legacy-" + std::string(app) + "-" + sequence;
      return deployment;
    }
    deployment.environment = kEnvironments[environment];
    deployment.identifier = std::string(team) + "-" + std::string(app) + "-" + deployment.environment + "-" + sequence;
    deployment.tags = {{"env", deployment.environment},
                       {"team", std::string(team)},
                       {"service", std::string(team) + "-" + std::string(app)}};
    if (random_.percent(30))
      deployment.tags.push_back({"cost-center", "cc-" + std::to_string(random_.between(1000, 9999))});
    if (random_.percent(20)) deployment.tags.push_back({"owner", std::string(team) + "@example.com"});
    if (random_.percent(10)) {
      deployment.tags.push_back({"aws:cloudformation:stack-name", deployment.identifier + "-" + std::string(engine)});
    }
    return deployment;
  }

  unsigned percent_for(const Deployment& deployment, unsigned prd, unsigned stg, unsigned dev) const {
    if (deployment.environment == "prd") return prd;
    if (deployment.environment == "stg") return stg;
    return dev;
  }

  std::string version(const EngineInfo& info) {
    // Most fleets sit on the newest versions with a tail on older ones.
    std::vector<unsigned> weights;
    for (std::size_t i = 0; i < info.versions.size(); ++i)
      weights.push_back(static_cast<unsigned>(info.versions.size() - i));
    return std::string(info.versions[random_.weighted_index(weights)]);
  }

  std::string instance_class(const EngineInfo& info, const Deployment& deployment) {
    // Development databases run on the small end of the range, production on the large end.
    const std::size_t half = (info.instance_classes.size() + 1) / 2;
    if (deployment.environment == "dev") return std::string(info.instance_classes[random_.below(half)]);
    if (deployment.environment == "prd") {
      return std::string(info.instance_classes[info.instance_classes.size() - half + random_.below(half)]);
    }
    return std::string(random_.pick(info.instance_classes));
  }

  sys_seconds creation_time() {
    const auto span = (kNewestCreation - kOldestCreation) / seconds{1};
    return sys_seconds{kOldestCreation} + seconds{random_.below(static_cast<std::uint64_t>(span))};
  }

  // What every instance gets whatever its engine.
  DbInstance base_instance(std::string identifier, const EngineInfo& info, const std::string& engine_version,
                           const Deployment& deployment) {
    DbInstance instance;
    instance.identifier = std::move(identifier);
    instance.engine = std::string(info.name);
    instance.engine_version = engine_version;
    instance.instance_class = instance_class(info, deployment);
    instance.status = std::string(kGeneratedInstanceStatuses[random_.weighted_index(kInstanceStatusWeights)]);
    instance.availability_zone = region_ + static_cast<char>('a' + random_.below(3));
    // Neptune has no Performance Insights.
    instance.performance_insights_enabled =
        info.name != "neptune" && random_.percent(percent_for(deployment, 60, 30, 10));
    instance.monitoring_interval = monitoring_interval(deployment);
    instance.ca_certificate_identifier =
        std::string(certificate_authorities()[random_.weighted_index(kCertificateWeights)]);
    instance.create_time = creation_time();
    instance.certificate_valid_till =
        default_certificate_valid_till(instance.ca_certificate_identifier, instance.create_time);
    instance.dbi_resource_id = dbi_resource_id(account_id_, region_, instance.identifier);
    instance.publicly_accessible = random_.percent(3);
    instance.deletion_protection = random_.percent(percent_for(deployment, 70, 20, 0));
    instance.tags = deployment.tags;
    instance.account_id = account_id_;
    instance.region = region_;
    return instance;
  }

  int monitoring_interval(const Deployment& deployment) {
    const unsigned draw = static_cast<unsigned>(random_.below(100));
    if (deployment.environment == "prd") {
      if (draw < 35) return 60;
      if (draw < 40) return 30;
      if (draw < 43) return 10;
      if (draw < 45) return 1;
      return 0;
    }
    return deployment.environment == "stg" && draw < 15 ? 60 : 0;
  }

  void add_cluster(const EngineInfo& info, const Deployment& deployment) {
    DbCluster cluster;
    cluster.identifier = deployment.identifier;
    cluster.engine = std::string(info.name);
    cluster.engine_version = version(info);
    cluster.status = random_.percent(2) ? "stopped" : "available";
    cluster.storage_type = info.name.starts_with("aurora") && random_.percent(10) ? "aurora-iopt1" : "aurora";
    cluster.create_time = creation_time();
    cluster.resource_id = cluster_resource_id(account_id_, region_, cluster.identifier);
    cluster.deletion_protection = random_.percent(percent_for(deployment, 70, 20, 0));
    cluster.tags = deployment.tags;
    cluster.account_id = account_id_;
    cluster.region = region_;
    // A cluster tagged in the console does not pass its tags to instances added later: one in ten here.
    const bool members_untagged = !deployment.tags.empty() && random_.percent(10);
    const std::size_t readers = std::min<std::size_t>(random_.weighted_index(kReaderCountWeights), room() - 1);
    for (std::size_t member = 0; member <= readers; ++member) {
      DbInstance instance = base_instance(cluster.identifier + "-instance-" + std::to_string(member + 1), info,
                                          cluster.engine_version, deployment);
      instance.cluster_identifier = cluster.identifier;
      instance.cluster_writer = member == 0;
      instance.promotion_tier = member == 0 ? 1 : random_.between(1, 2);
      instance.storage_type = cluster.storage_type;
      instance.allocated_storage = 1;
      if (cluster.status == "stopped") instance.status = "stopped";
      if (members_untagged) instance.tags.clear();
      instances_.push_back(std::move(instance));
    }
    clusters_.push_back(std::move(cluster));
  }

  void add_standalone(const EngineInfo& info, const Deployment& deployment) {
    DbInstance source = base_instance(deployment.identifier, info, version(info), deployment);
    source.multi_az = info.name != "sqlserver-ex" && random_.percent(percent_for(deployment, 60, 20, 0));
    source.storage_type = std::string(kGeneratedStorageTypes[random_.weighted_index(kStorageTypeWeights)]);
    source.allocated_storage = random_.pick(kAllocatedStorage);
    if (source.storage_type.starts_with("io")) source.iops = random_.pick(kProvisionedIops);
    if (source.storage_type == "gp3") apply_gp3_baseline(source);
    if (random_.percent(40)) source.max_allocated_storage = source.allocated_storage * random_.between(2, 5);

    const bool replicable = info.name == "postgres" || info.name == "mysql" || info.name == "mariadb";
    std::size_t replicas = 0;
    if (replicable && !deployment.environment.empty() && deployment.environment != "dev") {
      const unsigned draw = static_cast<unsigned>(random_.below(100));
      replicas = draw < 3 ? 2 : draw < 18 ? 1 : 0;
    }
    replicas = std::min(replicas, room() - 1);
    for (std::size_t i = 0; i < replicas; ++i) {
      DbInstance replica = source;
      replica.identifier = source.identifier + "-replica-" + std::to_string(i + 1);
      replica.read_replica_source = source.identifier;
      replica.multi_az = false;
      replica.status = "available";
      replica.availability_zone = region_ + static_cast<char>('a' + random_.below(3));
      replica.create_time = creation_time();
      replica.certificate_valid_till =
          default_certificate_valid_till(replica.ca_certificate_identifier, replica.create_time);
      replica.dbi_resource_id = dbi_resource_id(account_id_, region_, replica.identifier);
      instances_.push_back(std::move(replica));
    }
    instances_.push_back(std::move(source));
  }

  const GeneratorOptions& options_;
  DeterministicRandom random_;
  // The scope being filled, and how many instances the fleet holds once it is full.
  std::string account_id_;
  std::string region_;
  std::size_t target_;
  std::size_t deployments_ = 0;
  std::vector<DbCluster> clusters_;
  std::vector<DbInstance> instances_;
};

}  // namespace

Fleet generate_fleet(const GeneratorOptions& options) { return FleetGenerator(options).generate(); }

std::string generated_account_id(std::string_view first, std::size_t n) {
  if (n <= 1) return std::string(first);
  char id[16];
  std::snprintf(id, sizeof id, "%012llu", 210000000000ULL + static_cast<unsigned long long>(n));
  return id;
}

namespace {

// Where companies run most: the commercial regions in a fixed order.
constexpr std::string_view kRegionOrder[] = {
    "us-east-1",      "eu-west-1",    "ap-northeast-2", "us-west-2",  "eu-central-1", "ap-northeast-1",
    "ap-southeast-1", "ap-south-1",   "us-east-2",      "eu-west-2",  "ap-southeast-2", "ca-central-1",
    "sa-east-1",      "eu-north-1",   "us-west-1",      "eu-west-3",  "ap-northeast-3"};

}  // namespace

std::vector<std::string> generated_regions(std::string_view first, std::size_t count) {
  std::vector<std::string> regions{std::string(first)};
  for (const std::string_view region : kRegionOrder) {
    if (regions.size() >= count) break;
    if (region != first) regions.emplace_back(region);
  }
  return regions;
}

std::size_t generated_region_limit() { return std::size(kRegionOrder); }

}  // namespace rds_exporter::sim
