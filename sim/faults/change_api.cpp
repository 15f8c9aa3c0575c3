#include "sim/faults/change_api.h"

#include "sim/common/admin_routes.h"
#include "sim/faults/fault_plan_json.h"

#include <nlohmann/json.hpp>

namespace rds_exporter::sim {
namespace {

using Json = AdminJson;

constexpr std::string_view kFaults = "/_sim/faults";
constexpr std::string_view kInstances = "/_sim/fleet/instances";
constexpr std::string_view kTags = "/tags";
constexpr std::string_view kRoles = "/_sim/roles";

Json role_json(const Role& role, bool deleted) {
  return {{"arn", role.arn},
          {"trusted_principals", role.trusted_principals},
          {"external_id", role.external_id},
          {"allow", role.allowed_actions},
          {"deleted", deleted}};
}

HttpReply errors_reply(int status, const std::vector<std::string>& problems) {
  return admin_json_reply(status, {{"errors", problems}});
}

HttpReply wrong_method(std::string_view path, std::string_view allowed) {
  return admin_wrong_method({{"errors", {wrong_method_message(path, allowed)}}}, allowed);
}

int status_of(FleetChangeFailure failure) {
  switch (failure) {
    case FleetChangeFailure::kNotFound:
      return 404;
    case FleetChangeFailure::kConflict:
      return 409;
    case FleetChangeFailure::kInvalid:
      break;
  }
  return 400;
}

}  // namespace

std::optional<HttpReply> ChangeApi::handle(std::string_view method, std::string_view path,
                                           std::string_view body) const {
  if (path == kFaults) return fault_plan(method, body);
  if (path == std::string(kFaults) + "/clear") {
    if (method != "POST") return wrong_method(path, "POST");
    faults_.clear();
    return fault_plan("GET", "");
  }
  if (path.starts_with(kRoles)) return roles(method, path, body);
  if (path == kInstances) {
    if (method != "POST") return wrong_method(path, "POST");
    return changed([body](const Fleet& fleet) { return add_instance(fleet, body); }, 201);
  }
  if (!path.starts_with(std::string(kInstances) + "/")) return std::nullopt;
  std::string_view identifier = path.substr(kInstances.size() + 1);
  if (identifier.ends_with(kTags)) {
    identifier.remove_suffix(kTags.size());
    if (method != "PUT") return wrong_method(path, "PUT");
    return changed([identifier, body](const Fleet& fleet) { return set_instance_tags(fleet, identifier, body); }, 200);
  }
  if (identifier.empty() || identifier.find('/') != std::string_view::npos) return std::nullopt;
  if (method != "DELETE") return wrong_method(path, "DELETE");
  return changed([identifier](const Fleet& fleet) { return remove_instance(fleet, identifier); }, 200);
}

HttpReply ChangeApi::fault_plan(std::string_view method, std::string_view body) const {
  if (method == "DELETE") {
    faults_.clear();
  } else if (method == "PUT" || method == "POST") {
    auto parsed = parse_fault_plan_json(body);
    if (auto* problems = std::get_if<std::vector<std::string>>(&parsed)) return errors_reply(400, *problems);
    faults_.replace(std::get<FaultPlan>(std::move(parsed)));
  } else if (method != "GET") {
    return wrong_method(kFaults, "GET, PUT, POST, DELETE");
  }
  return {200, "application/json", fault_plan_json(faults_.plan()) + "\n", {}};
}

std::optional<HttpReply> ChangeApi::roles(std::string_view method, std::string_view path,
                                          std::string_view body) const {
  using Change = FleetChange (*)(const Fleet&, std::string_view);
  struct Route {
    std::string_view path;
    std::string_view method;
    Change change;
  };
  static constexpr Route kRoutes[] = {
      {"/_sim/roles/trust", "PUT", &set_role_trust},
      {"/_sim/roles/delete", "POST", &delete_role},
      {"/_sim/roles/restore", "POST", &restore_role},
  };
  if (path != kRoles) {
    const auto route = std::find_if(std::begin(kRoutes), std::end(kRoutes), [&](const Route& r) { return r.path == path; });
    if (route == std::end(kRoutes)) return std::nullopt;
    if (method != route->method) return wrong_method(path, route->method);
    if (const auto error = fleet_.apply([&](const Fleet& fleet) { return route->change(fleet, body); })) {
      return errors_reply(status_of(error->failure), error->problems);
    }
  } else if (method != "GET") {
    return wrong_method(path, "GET");
  }
  const auto fleet = fleet_.current();
  Json listed = Json::array();
  for (const auto& role : fleet->credential_sources().roles) listed.push_back(role_json(role, false));
  for (const auto& role : fleet->credential_sources().deleted_roles) listed.push_back(role_json(role, true));
  return admin_json_reply(200, {{"roles", listed}});
}

HttpReply ChangeApi::changed(const std::function<FleetChange(const Fleet&)>& change, int status) const {
  if (const auto error = fleet_.apply(change)) return errors_reply(status_of(error->failure), error->problems);
  const auto fleet = fleet_.current();
  return admin_json_reply(status, {{"instances", fleet->instances().size()}, {"clusters", fleet->clusters().size()}});
}

}  // namespace rds_exporter::sim
