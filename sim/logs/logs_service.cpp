#include "sim/logs/logs_service.h"

#include "sim/logs/describe_log_streams.h"
#include "sim/logs/filter_log_events.h"
#include "sim/logs/logs_api.h"
#include "sim/logs/logs_reply.h"

namespace rds_exporter::sim::logs {

LogsService::LogsService(const LogsContext& context) {
  operations_.push_back(std::make_unique<FilterLogEvents>(context));
  operations_.push_back(std::make_unique<DescribeLogStreams>(context));
}

std::string_view LogsService::signing_name() const { return kSigningName; }
std::string_view LogsService::target_prefix() const { return kTargetPrefix; }
std::string_view LogsService::api_version() const { return kApiVersion; }

const JsonOperation* LogsService::find_operation(std::string_view name) const {
  for (const auto& operation : operations_) {
    if (operation->name() == name) return operation.get();
  }
  return nullptr;
}

HttpReply LogsService::reply(OperationOutcome outcome) const { return logs_reply(std::move(outcome)); }

}  // namespace rds_exporter::sim::logs
