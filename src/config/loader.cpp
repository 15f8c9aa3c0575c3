#include "config/loader.h"

#include "config/config_location.h"
#include "config/environment_layer.h"
#include "config/key_table.h"
#include "config/run_mode.h"
#include "config/yaml_layer.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>
#include <variant>

namespace rds_exporter::config {
namespace {

// "<where>: <problem>"; a problem that names its own place inside the key ("remote_write[1].url: ...") replaces
// the key's name in `where` ("config/default.yaml:60: remote_write") rather than repeat it.
std::string message_at(const Assignment& assignment, const std::string& problem) {
  const std::string suffix = ": " + assignment.key;
  if (problem.starts_with(assignment.key + "[") && assignment.where.ends_with(suffix)) {
    return fmt::format("{}: {}", assignment.where.substr(0, assignment.where.size() - suffix.size()), problem);
  }
  return fmt::format("{}: {}", assignment.where, problem);
}

// Applies layers in precedence order onto the built-in defaults, remembering which layer set each key.
class LayerStack {
 public:
  void apply(LayerReading reading) {
    for (auto& problem : reading.problems) problems_.push_back(std::move(problem));
    for (const auto& assignment : reading.assignments) {
      const KeyDefinition* definition = find_key(assignment.key);
      if (auto problem = definition->assign(assignment.value, settings_)) {
        error(message_at(assignment, *problem));
      } else {
        sources_[assignment.key] = assignment.source;
      }
    }
  }

  void error(std::string message) { problems_.push_back(Problem{Severity::error, std::move(message)}); }

  // Where a key's value came from, for messages about keys that do not go together.
  std::string origin(const std::string& key) const {
    const auto found = sources_.find(key);
    return fmt::format("{} ({})", key, found == sources_.end() ? "default" : found->second);
  }

  // The keys that choose the scopes exclude each other or need one another.
  void check_scope_keys() {
    const auto& organization = settings_.aws.organization;
    if (!settings_.aws.accounts.empty() && organization.role_name) {
      error(fmt::format("{} and {} are both set: watch either the listed accounts or the organization's, not both",
                        origin("aws.accounts"), origin("aws.organization.role_name")));
    }
    if (organization.role_name) return;
    for (const auto& [key, set] : {std::pair{"aws.organization.regions", !organization.regions.empty()},
                                   {"aws.organization.include_accounts", !organization.include_accounts.empty()},
                                   {"aws.organization.exclude_accounts", !organization.exclude_accounts.empty()}}) {
      if (set) {
        error(fmt::format("{} is set but aws.organization.role_name is not: the organization's accounts are watched "
                          "only with the role to assume in each of them",
                          origin(key)));
      }
    }
  }

  // client-go's rule for leader election, which the coordinator follows: a replica must give a lease up (after
  // renew_deadline without renewing it) before the others may take it (lease_duration), and must be able to retry
  // within that deadline.
  void check_coordination_keys() {
    const auto& coordination = settings_.coordination;
    if (coordination.lease_duration <= coordination.renew_deadline) {
      error(fmt::format("{} must be greater than {}: a replica must stop collecting a scope before another may take it",
                        origin("coordination.lease_duration"), origin("coordination.renew_deadline")));
    }
    if (coordination.renew_deadline * 5 <= coordination.retry_period * 6) {
      error(fmt::format("{} must be greater than 1.2 x {}: a lease must be retried at least once before giving it up",
                        origin("coordination.renew_deadline"), origin("coordination.retry_period")));
    }
  }

  void finish(LoadResult& result) {
    check_scope_keys();
    check_coordination_keys();
    for (const auto& definition : key_table()) {
      const auto source = sources_.find(definition.path);
      result.values.push_back(EffectiveValue{definition.path, definition.show(settings_),
                                             source == sources_.end() ? "default" : source->second});
    }
    const bool failed = std::any_of(problems_.begin(), problems_.end(),
                                    [](const Problem& problem) { return problem.severity == Severity::error; });
    if (!failed) result.settings = std::move(settings_);
    result.problems = std::move(problems_);
  }

 private:
  Settings settings_;
  std::map<std::string, std::string> sources_;
  std::vector<Problem> problems_;
};

std::string modes_on_offer(const ConfigDir& dir) {
  const auto modes = available_modes(dir.path);
  if (modes.empty()) return fmt::format("{} holds no mode files", dir.shown.generic_string());
  return fmt::format("modes available in {}: {}", dir.shown.generic_string(), fmt::join(modes, ", "));
}

void read_files(const ConfigDir& dir, const RunMode& mode, LayerStack& layers) {
  const std::string default_file = dir.shown_file("default.yaml");
  const auto default_problem = path_problem(dir.file("default.yaml"), PathKind::regular_file);
  if (!default_problem) {
    layers.apply(read_yaml_layer(dir.file("default.yaml"), default_file));
  } else if (*default_problem == kDoesNotExist) {
    layers.error(fmt::format("{} does not exist; every config dir needs one", default_file));
  } else {
    layers.error(fmt::format("{} {}", default_file, *default_problem));
  }

  if (auto problem = run_mode_name_problem(mode.name)) {
    layers.error(fmt::format("RUN_MODE '{}' ({}): {}; {}", mode.name, mode.origin, *problem, modes_on_offer(dir)));
    return;
  }
  const std::string mode_name = mode.name + ".yaml";
  const auto mode_problem = path_problem(dir.file(mode_name), PathKind::regular_file);
  if (!mode_problem) {
    layers.apply(read_yaml_layer(dir.file(mode_name), dir.shown_file(mode_name)));
  } else if (*mode_problem != kDoesNotExist) {
    layers.error(fmt::format("{} {}", dir.shown_file(mode_name), *mode_problem));
  } else {
    layers.error(fmt::format("RUN_MODE '{}' ({}) needs {}, which does not exist; {}", mode.name, mode.origin,
                             dir.shown_file(mode_name), modes_on_offer(dir)));
  }
}

std::optional<std::string> lookup(const std::map<std::string, std::string>& environment, const std::string& name) {
  const auto it = environment.find(name);
  return it == environment.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

LoadResult load_configuration(const LoadRequest& request) {
  LoadResult result;
  LayerStack layers;

  const RunMode mode = resolve_run_mode(request.environment);
  result.run_mode = mode.name;
  result.run_mode_origin = mode.origin;

  const auto located = locate_config_dir(ConfigDirSearch{
      request.config_dir, lookup(request.environment, kConfigDirVariable),
      request.working_dir.empty() ? std::filesystem::current_path() : request.working_dir, request.system_config_dir});
  if (const auto* dir = std::get_if<ConfigDir>(&located)) {
    result.config_dir = dir->shown.generic_string();
    result.config_dir_origin = dir->origin;
    read_files(*dir, mode, layers);
  } else {
    layers.error(std::get<std::string>(located));
  }

  layers.apply(read_environment_layer(request.environment));
  layers.apply(read_override_layer(request.overrides));
  layers.finish(result);
  return result;
}

}  // namespace rds_exporter::config
