#pragma once

#include "sim/common/admin_routes.h"
#include "sim/faults/fleet_store.h"
#include "sim/logs/logs_operation.h"
#include "sim/logs/stream_states.h"

namespace rds_exporter::sim::logs {

// The admin routes of the simulated CloudWatch Logs, answering JSON like the rest of /_sim/ (a stream is named by
// its DbiResourceId; an unknown or deleted one is 404):
//   POST /_sim/logs/streams/{stream}/delete   the stream no longer exists: {"stream", "deleted": true}
//   POST /_sim/logs/streams/{stream}/pause    no event after data time now is written: {"stream", "paused": true,
//                                             "at_ms"}
//   POST /_sim/logs/streams/{stream}/resume   events from data time now on are written again: {"stream",
//                                             "paused": false, "at_ms"}
//   GET  /_sim/logs/streams/{stream}/events?start_ms=A&end_ms=B   {"events": [{"timestamp", "message"}]}: exactly
//                                             the events FilterLogEvents returns for the stream in [A, B)
//   GET, PUT /_sim/logs/settings              {"empty_first_page": bool}: FilterLogEvents answers every first page
//                                             with no events and a nextToken
// Thread-safe.
class LogsAdmin final : public AdminRoutes {
 public:
  LogsAdmin(const FleetStore& fleets, StreamStates& states, Clock now, std::chrono::system_clock::time_point origin)
      : fleets_(fleets), states_(states), context_{std::move(now), origin, states} {}

  std::optional<HttpReply> handle(std::string_view method, std::string_view path, const AdminQuery& query,
                                  std::string_view body) const override;

 private:
  HttpReply stream_action(std::string_view method, std::string_view stream, std::string_view action,
                          const AdminQuery& query) const;
  HttpReply settings(std::string_view method, std::string_view body) const;

  const FleetStore& fleets_;
  StreamStates& states_;
  LogsContext context_;
};

}  // namespace rds_exporter::sim::logs
