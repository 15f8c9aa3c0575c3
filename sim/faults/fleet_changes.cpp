#include "sim/faults/fleet_changes.h"

#include "sim/fleet/fleet_loader.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace rds_exporter::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kEntryName = "request";

FleetChangeError failure(FleetChangeFailure kind, std::string problem) { return {kind, {std::move(problem)}}; }

// The loader names problems "request:1: instances[0].engine: ..."; an admin client sent only the entry, so
// they name its keys alone.
std::string entry_problem(const std::string& message) {
  std::string_view rest = message;
  if (const auto after_line = rest.find(": "); after_line != std::string_view::npos) rest.remove_prefix(after_line + 2);
  for (const std::string_view prefix : {"instances[0].", "instances[0]: "}) {
    if (rest.starts_with(prefix)) rest.remove_prefix(prefix.size());
  }
  return std::string(rest);
}

// Reads instance entries as the fleet file loader does: a fleet document holding the entries, written as JSON
// (which YAML reads as it is), with stubs of the clusters and instances they refer to.
std::variant<Fleet, FleetChangeError> load_entries(const Fleet& fleet, Json document) {
  document["account_id"] = fleet.account_id();
  auto loaded = parse_fleet(document.dump(), kEntryName, fleet.region());
  if (auto* problems = std::get_if<std::vector<std::string>>(&loaded)) {
    FleetChangeError error{FleetChangeFailure::kInvalid, {}};
    for (const auto& problem : *problems) error.problems.push_back(entry_problem(problem));
    return error;
  }
  return std::get<Fleet>(std::move(loaded));
}

Json cluster_stub(const DbCluster& cluster) {
  return {{"id", cluster.identifier},
          {"engine", cluster.engine},
          {"engine_version", cluster.engine_version},
          {"storage_type", cluster.storage_type},
          {"account", cluster.account_id},
          {"region", cluster.region}};
}

Json instance_stub(const DbInstance& instance) {
  return {{"id", instance.identifier},
          {"engine", instance.engine},
          {"engine_version", instance.engine_version},
          {"class", instance.instance_class},
          {"account", instance.account_id},
          {"region", instance.region}};
}

std::string text_member(const Json& entry, const char* key) {
  const auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? to_lower_identifier(it->get<std::string>()) : "";
}

// `fleet` with `instances` instead of its own. The derived lists are emptied first because the constructor
// appends to them.
Fleet rebuilt(const Fleet& fleet, std::vector<DbInstance> instances, CredentialSources sources) {
  for (auto& instance : instances) instance.read_replica_identifiers.clear();
  std::vector<DbCluster> clusters(fleet.clusters().begin(), fleet.clusters().end());
  for (auto& cluster : clusters) {
    cluster.member_identifiers.clear();
    cluster.multi_az = false;
  }
  return Fleet(fleet.account_id(), fleet.region(), {fleet.principals().begin(), fleet.principals().end()},
               std::move(clusters), std::move(instances), std::move(sources), fleet.layout(), fleet.inventory());
}

Fleet with_instances(const Fleet& fleet, std::vector<DbInstance> instances) {
  return rebuilt(fleet, std::move(instances), fleet.credential_sources());
}

std::vector<DbInstance> instances_of(const Fleet& fleet) {
  return {fleet.instances().begin(), fleet.instances().end()};
}

// The body of a role change: a JSON object naming the role by "role_arn".
std::variant<std::pair<Json, std::string>, FleetChangeError> role_request(std::string_view body) {
  Json request = Json::parse(body, nullptr, false);
  if (request.is_discarded() || !request.is_object()) {
    return failure(FleetChangeFailure::kInvalid, R"(expected a JSON object {"role_arn": "arn:aws:iam::...:role/..."})");
  }
  const auto arn = request.find("role_arn");
  if (arn == request.end() || !arn->is_string()) {
    return failure(FleetChangeFailure::kInvalid, "role_arn: missing (required), a role ARN");
  }
  std::string role_arn = arn->get<std::string>();
  return std::pair{std::move(request), std::move(role_arn)};
}

FleetChange moved_role(const Fleet& fleet, std::string_view body, bool deleting) {
  auto read = role_request(body);
  if (auto* error = std::get_if<FleetChangeError>(&read)) return std::move(*error);
  const std::string& arn = std::get<0>(read).second;
  CredentialSources sources = fleet.credential_sources();
  auto& from = deleting ? sources.roles : sources.deleted_roles;
  auto& to = deleting ? sources.deleted_roles : sources.roles;
  const auto it = std::find_if(from.begin(), from.end(), [&](const Role& role) { return role.arn == arn; });
  if (it == from.end()) {
    return failure(FleetChangeFailure::kNotFound,
                   std::string(deleting ? "no role " : "no deleted role ") + arn);
  }
  to.push_back(std::move(*it));
  from.erase(it);
  return rebuilt(fleet, instances_of(fleet), std::move(sources));
}

std::optional<FleetChangeError> membership_problem(const Fleet& fleet, const DbInstance& added) {
  if (fleet.find_instance(added.identifier) != nullptr) {
    return failure(FleetChangeFailure::kConflict,
                   "id: another instance already has the identifier '" + added.identifier + "'");
  }
  if (added.cluster_writer) {
    for (const auto& instance : fleet.instances()) {
      if (instance.cluster_identifier == added.cluster_identifier && instance.cluster_writer) {
        return failure(FleetChangeFailure::kConflict, "cluster_writer: cluster '" + added.cluster_identifier +
                                                          "' already has a writer, '" + instance.identifier + "'");
      }
    }
  }
  return std::nullopt;
}

}  // namespace

FleetChange add_instance(const Fleet& fleet, std::string_view entry_json) {
  const Json entry = Json::parse(entry_json, nullptr, false);
  if (entry.is_discarded() || !entry.is_object()) {
    return failure(FleetChangeFailure::kInvalid, "expected a JSON object with the keys of a fleet file instance");
  }
  Json document = {{"instances", Json::array({entry})}};
  if (const DbCluster* cluster = fleet.find_cluster(text_member(entry, "cluster"))) {
    document["clusters"] = Json::array({cluster_stub(*cluster)});
  }
  if (const DbInstance* source = fleet.find_instance(text_member(entry, "replica_of"))) {
    if (!source->cluster_identifier.empty() || !source->read_replica_source.empty()) {
      return failure(FleetChangeFailure::kConflict,
                     "replica_of: read replicas here copy a standalone instance and stand alone themselves");
    }
    document["instances"].push_back(instance_stub(*source));
  }
  auto loaded = load_entries(fleet, std::move(document));
  if (auto* error = std::get_if<FleetChangeError>(&loaded)) return std::move(*error);
  const Fleet& read = std::get<Fleet>(loaded);
  const auto added = std::find_if(read.instances().begin(), read.instances().end(),
                                  [&](const DbInstance& i) { return i.identifier == text_member(entry, "id"); });
  if (added == read.instances().end()) return failure(FleetChangeFailure::kInvalid, "id: missing (required)");
  if (auto problem = membership_problem(fleet, *added)) return std::move(*problem);
  auto instances = instances_of(fleet);
  instances.push_back(*added);
  return with_instances(fleet, std::move(instances));
}

FleetChange remove_instance(const Fleet& fleet, std::string_view identifier) {
  const DbInstance* removed = fleet.find_instance(identifier);
  if (removed == nullptr) {
    return failure(FleetChangeFailure::kNotFound, "no instance '" + std::string(identifier) + "'");
  }
  if (!removed->read_replica_identifiers.empty()) {
    std::string replicas;
    for (const auto& replica : removed->read_replica_identifiers) replicas += (replicas.empty() ? "" : ", ") + replica;
    return failure(FleetChangeFailure::kConflict,
                   "'" + removed->identifier + "' has read replicas (" + replicas + "): remove them first");
  }
  auto instances = instances_of(fleet);
  std::erase_if(instances, [&](const DbInstance& i) { return i.identifier == removed->identifier; });
  return with_instances(fleet, std::move(instances));
}

FleetChange set_instance_tags(const Fleet& fleet, std::string_view identifier, std::string_view tags_json) {
  const DbInstance* tagged = fleet.find_instance(identifier);
  if (tagged == nullptr) {
    return failure(FleetChangeFailure::kNotFound, "no instance '" + std::string(identifier) + "'");
  }
  const Json tags = Json::parse(tags_json, nullptr, false);
  if (tags.is_discarded() || !tags.is_object()) {
    return failure(FleetChangeFailure::kInvalid, R"(expected a JSON object of tags, {"key": "value", ...})");
  }
  // The loader checks the tags on a plain instance of the same name, whatever cluster the real one is in.
  const Json stub = {{"id", tagged->identifier}, {"engine", "postgres"}, {"class", "db.t3.micro"}, {"tags", tags}};
  auto loaded = load_entries(fleet, {{"instances", Json::array({stub})}});
  if (auto* error = std::get_if<FleetChangeError>(&loaded)) return std::move(*error);
  auto instances = instances_of(fleet);
  for (auto& instance : instances) {
    if (instance.identifier == tagged->identifier) instance.tags = std::get<Fleet>(loaded).instances()[0].tags;
  }
  return with_instances(fleet, std::move(instances));
}

FleetChange set_role_trust(const Fleet& fleet, std::string_view body) {
  auto read = role_request(body);
  if (auto* error = std::get_if<FleetChangeError>(&read)) return std::move(*error);
  const auto& [request, arn] = std::get<0>(read);
  const auto trusted = request.find("trusted_principals");
  if (trusted == request.end() || !trusted->is_array() ||
      !std::all_of(trusted->begin(), trusted->end(), [](const Json& entry) { return entry.is_string(); })) {
    return failure(FleetChangeFailure::kInvalid,
                   "trusted_principals: missing (required), a list of principal names, ARNs or account ids");
  }
  const auto external_id = request.find("external_id");
  if (external_id != request.end() && !external_id->is_string()) {
    return failure(FleetChangeFailure::kInvalid, "external_id: expected a string (empty: no ExternalId condition)");
  }
  CredentialSources sources = fleet.credential_sources();
  // Captured through a named reference: clang before 16 cannot capture structured bindings.
  const auto role = std::find_if(sources.roles.begin(), sources.roles.end(),
                                 [&wanted = arn](const Role& r) { return r.arn == wanted; });
  if (role == sources.roles.end()) return failure(FleetChangeFailure::kNotFound, "no role " + arn);
  role->trusted_principals = trusted->get<std::vector<std::string>>();
  if (external_id != request.end()) role->external_id = external_id->get<std::string>();
  return rebuilt(fleet, instances_of(fleet), std::move(sources));
}

FleetChange delete_role(const Fleet& fleet, std::string_view body) { return moved_role(fleet, body, true); }

FleetChange restore_role(const Fleet& fleet, std::string_view body) { return moved_role(fleet, body, false); }

}  // namespace rds_exporter::sim
