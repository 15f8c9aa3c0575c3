#pragma once

#include "sim/fleet/fleet.h"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// Changes to a fleet while the simulator runs, so that a client's discovery refresh can be tested. Each makes
// a new Fleet (fleets are immutable, read by request threads without locks) in which the constructor derives
// ARNs, cluster members and replica lists again.

enum class FleetChangeFailure {
  kInvalid,   // the entry or tags break the fleet file's rules
  kNotFound,  // no such instance
  kConflict,  // the change would leave the fleet inconsistent (a second writer, orphaned replicas, ...)
};

struct FleetChangeError {
  FleetChangeFailure failure;
  // "<key>: <what is wrong>", as the fleet file's problems name keys ("engine: unknown engine 'postgress'; ...").
  std::vector<std::string> problems;
};

using FleetChange = std::variant<Fleet, FleetChangeError>;

// Adds the instance described by `entry_json`, a JSON object with the keys and rules of an `instances:` entry of
// the fleet file (sim/README.md), checked by the fleet file loader itself so both accept exactly the same. It
// may join an existing cluster (as writer only if the cluster has none) or replicate an existing standalone
// instance.
FleetChange add_instance(const Fleet& fleet, std::string_view entry_json);

// Removes an instance; one that still has read replicas cannot go, as RDS would not drop them silently.
FleetChange remove_instance(const Fleet& fleet, std::string_view identifier);

// Replaces an instance's tags with `tags_json`, a JSON object of key and value strings ({"env": "prd"}), under
// the fleet file's tag rules.
FleetChange set_instance_tags(const Fleet& fleet, std::string_view identifier, std::string_view tags_json);

// Replaces a role's trust policy: `body` is {"role_arn": ARN, "trusted_principals": [name, ARN or account id, ...],
// "external_id": "..." (optional; empty drops the condition)}. An empty list trusts nobody, so that a test can make
// an account unreachable through AssumeRole and then give the old list back.
FleetChange set_role_trust(const Fleet& fleet, std::string_view body);

// Deletes the role {"role_arn": ARN} names (AssumeRole then answers AccessDenied, as for a role that never was;
// sessions already issued keep working until they expire, see POST /_sim/credentials/expire-all), or restores a
// deleted one as it was.
FleetChange delete_role(const Fleet& fleet, std::string_view body);
FleetChange restore_role(const Fleet& fleet, std::string_view body);

}  // namespace rds_exporter::sim
