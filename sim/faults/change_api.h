#pragma once

#include "sim/common/http_reply.h"
#include "sim/faults/fault_injector.h"
#include "sim/faults/fleet_store.h"

#include <functional>
#include <optional>
#include <string_view>

namespace rds_exporter::sim {

// The admin routes that change the simulator while it runs, answering JSON like the rest of /_sim/:
//   GET  /_sim/faults                  the fault plan, as PUT takes it
//   PUT or POST /_sim/faults           replaces the plan ({"seed": S, "rules": [...]}, sim/README.md)
//   DELETE /_sim/faults, POST /_sim/faults/clear   no more faults
//   POST /_sim/fleet/instances         adds an instance: a fleet file `instances:` entry as JSON; 201
//   DELETE /_sim/fleet/instances/ID    removes instance ID
//   PUT  /_sim/fleet/instances/ID/tags replaces its tags with the body's {"key": "value", ...}
//   GET  /_sim/roles                   every role, its trust and whether it is deleted
//   PUT  /_sim/roles/trust             replaces a role's trust policy (set_role_trust)
//   POST /_sim/roles/delete, /_sim/roles/restore   makes a role unassumable, and assumable again
// A refused change answers {"errors": [...]}: 400 for a bad body, 404 for an unknown instance, 409 for a change
// that would leave the fleet inconsistent. Thread-safe.
class ChangeApi {
 public:
  ChangeApi(FaultInjector& faults, FleetStore& fleet) : faults_(faults), fleet_(fleet) {}

  // nullopt when `path` is not one of the routes above, for the caller's other routes to answer.
  std::optional<HttpReply> handle(std::string_view method, std::string_view path, std::string_view body) const;

 private:
  HttpReply fault_plan(std::string_view method, std::string_view body) const;
  // GET /_sim/roles, PUT /_sim/roles/trust, POST /_sim/roles/delete and /_sim/roles/restore: every role, after the
  // change, as {"roles": [{"arn", "trusted_principals", "external_id", "allow", "deleted"}]}.
  std::optional<HttpReply> roles(std::string_view method, std::string_view path, std::string_view body) const;
  HttpReply changed(const std::function<FleetChange(const Fleet&)>& change, int status) const;

  FaultInjector& faults_;
  FleetStore& fleet_;
};

}  // namespace rds_exporter::sim
