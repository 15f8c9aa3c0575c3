#include "sim/admin/admin_api.h"

#include "sim/common/iso8601.h"

#include <nlohmann/json.hpp>

namespace rds_exporter::sim {
namespace {

using Json = AdminJson;

Json tags_json(const std::vector<Tag>& tags) {
  Json out = Json::array();
  for (const auto& tag : tags) out.push_back({{"key", tag.key}, {"value", tag.value}});
  return out;
}

Json maintenance_json(const std::vector<PendingMaintenanceAction>& actions) {
  Json out = Json::array();
  for (const auto& action : actions) {
    Json item = {{"action", action.action}, {"description", action.description}};
    if (action.auto_applied_after) item["auto_applied_after"] = iso8601(*action.auto_applied_after);
    if (action.forced_apply) item["forced_apply"] = iso8601(*action.forced_apply);
    if (action.current_apply) item["current_apply"] = iso8601(*action.current_apply);
    if (!action.opt_in_status.empty()) item["opt_in_status"] = action.opt_in_status;
    out.push_back(std::move(item));
  }
  return out;
}

Json instance_json(const DbInstance& instance) {
  return {{"id", instance.identifier},
          {"arn", instance.arn},
          {"engine", instance.engine},
          {"engine_version", instance.engine_version},
          {"class", instance.instance_class},
          {"status", instance.status},
          {"cluster", instance.cluster_identifier},
          {"cluster_writer", instance.cluster_writer},
          {"replica_of", instance.read_replica_source},
          {"dbi_resource_id", instance.dbi_resource_id},
          {"performance_insights", instance.performance_insights_enabled},
          {"monitoring_interval", instance.monitoring_interval},
          {"tags", tags_json(instance.tags)},
          {"account_id", instance.account_id},
          {"region", instance.region},
          {"allocated_storage", instance.allocated_storage},
          {"parameter_group", instance.parameter_group},
          {"backup_retention_period",
           instance.backup_retention_period.value_or(instance.read_replica_source.empty() ? 7 : 0)},
          {"certificate_valid_till", iso8601(instance.certificate_valid_till)},
          {"pending_maintenance", maintenance_json(instance.pending_maintenance)}};
}

Json cluster_json(const DbCluster& cluster) {
  return {{"id", cluster.identifier},
          {"arn", cluster.arn},
          {"engine", cluster.engine},
          {"resource_id", cluster.resource_id},
          {"members", cluster.member_identifiers},
          {"tags", tags_json(cluster.tags)},
          {"account_id", cluster.account_id},
          {"region", cluster.region},
          {"parameter_group", cluster.parameter_group},
          {"pending_maintenance", maintenance_json(cluster.pending_maintenance)}};
}

Json inventory_json(const FleetInventory& inventory) {
  Json groups = Json::array();
  for (const auto& group : inventory.parameter_groups) {
    Json parameters = Json::object();
    for (const auto& [name, value] : group.parameters) parameters[name] = value;
    groups.push_back({{"name", group.name},
                      {"family", group.family},
                      {"cluster", group.cluster},
                      {"parameters", parameters},
                      {"account_id", group.account_id},
                      {"region", group.region}});
  }
  Json quotas = Json::object();
  for (const auto& quota : inventory.account_quotas) {
    quotas[quota.name] = quota.used ? Json{{"max", quota.max}, {"used", *quota.used}} : Json{{"max", quota.max}};
  }
  return {{"parameter_groups", groups}, {"account_quotas", quotas}, {"events_per_hour", inventory.events_per_hour}};
}

}  // namespace

HttpReply AdminApi::handle(std::string_view method, std::string_view path, std::string_view body,
                           const AdminQuery& query) const {
  if (changes_ != nullptr) {
    if (auto reply = changes_->handle(method, path, body)) return std::move(*reply);
  }
  if (routes_ != nullptr) {
    if (auto reply = routes_->handle(method, path, query, body)) return std::move(*reply);
  }
  struct Route {
    std::string_view path;
    std::string_view method;
    HttpReply (AdminApi::*answer)() const;
  };
  static constexpr Route kRoutes[] = {
      {"/_sim/stats", "GET", &AdminApi::stats},
      {"/_sim/stats/scopes", "GET", &AdminApi::scoped_stats},
      {"/_sim/reset", "POST", &AdminApi::reset},
      {"/_sim/fleet", "GET", &AdminApi::fleet},
      {"/_sim/credentials/expire-all", "POST", &AdminApi::expire_credentials},
      {"/_sim/clock", "GET", &AdminApi::clock},
  };
  for (const auto& route : kRoutes) {
    if (route.path != path) continue;
    if (route.method != method) {
      return admin_wrong_method({{"error", wrong_method_message(path, route.method)}}, route.method);
    }
    return (this->*route.answer)();
  }
  return admin_json_reply(404, {{"error", "no admin endpoint " + std::string(path)}});
}

namespace {

// {service: {operation: {outcome: count}}}, adding every count to `total`.
Json counts_json(const RequestStats::Counts& counts, std::uint64_t& total) {
  Json out = Json::object();
  for (const auto& [service, operations] : counts) {
    for (const auto& [operation, outcomes] : operations) {
      for (const auto& [outcome, count] : outcomes) {
        out[service][operation][outcome] = count;
        total += count;
      }
    }
  }
  return out;
}

}  // namespace

HttpReply AdminApi::stats() const {
  std::uint64_t total = 0;
  const Json requests = counts_json(stats_.snapshot(), total);
  Json body = {{"requests", requests},
               {"total", total},
               {"cloudwatch_metrics_requested", cloudwatch_usage_.metrics_requested()}};
  // Only where the AMP remote-write endpoint is served (rds_sim always serves it).
  if (aps_usage_ != nullptr) body["aps_samples_received"] = aps_usage_->samples();
  return admin_json_reply(200, body);
}

HttpReply AdminApi::scoped_stats() const {
  std::uint64_t total = 0;
  Json scopes = Json::object();
  for (const auto& [account, regions] : stats_.scoped_snapshot()) {
    for (const auto& [region, counts] : regions) scopes[account][region] = counts_json(counts, total);
  }
  return admin_json_reply(200, {{"scopes", scopes}, {"total", total}});
}

HttpReply AdminApi::reset() const {
  stats_.reset();
  cloudwatch_usage_.reset();
  if (aps_usage_ != nullptr) aps_usage_->reset();
  return admin_json_reply(200, {{"reset", true}});
}

HttpReply AdminApi::fleet() const {
  const std::shared_ptr<const Fleet> fleet = fleets_.current();
  Json instances = Json::array();
  for (const auto& instance : fleet->instances()) instances.push_back(instance_json(instance));
  Json clusters = Json::array();
  for (const auto& cluster : fleet->clusters()) clusters.push_back(cluster_json(cluster));
  return admin_json_reply(200,
                    {{"account_id", fleet->account_id()},
                     {"region", fleet->region()},
                     {"accounts", Json(std::vector<std::string>(fleet->accounts().begin(), fleet->accounts().end()))},
                     {"regions", Json(std::vector<std::string>(fleet->regions().begin(), fleet->regions().end()))},
                     {"instances", instances},
                     {"clusters", clusters},
                     {"inventory", inventory_json(fleet->inventory())}});
}

HttpReply AdminApi::expire_credentials() const {
  const std::size_t expired = issued_ != nullptr ? issued_->expire_all() : 0;
  return admin_json_reply(200, {{"expired", expired}});
}

HttpReply AdminApi::clock() const {
  const DataClock& data = data_clock_ != nullptr ? *data_clock_ : real_time_;
  const auto seconds = [](std::chrono::system_clock::time_point time) {
    return std::chrono::duration<double>(time.time_since_epoch()).count();
  };
  return admin_json_reply(200, {{"time_scale", data.time_scale()},
                          {"backdate", data.backdate().count()},
                          {"start", seconds(data.start())},
                          {"now", seconds(data.now())},
                          {"real_now", seconds(std::chrono::system_clock::now())}});
}

}  // namespace rds_exporter::sim
