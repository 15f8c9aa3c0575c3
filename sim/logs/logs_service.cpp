#include "sim/logs/logs_service.h"

#include "sim/logs/describe_log_streams.h"
#include "sim/logs/filter_log_events.h"
#include "sim/logs/logs_api.h"
#include "sim/logs/logs_reply.h"

namespace rds_exporter::sim::logs {

LogsService::LogsService(const LogsContext& context)
    : ListedJsonService({kSigningName, kTargetPrefix, kApiVersion}, logs_reply) {
  add(std::make_unique<FilterLogEvents>(context));
  add(std::make_unique<DescribeLogStreams>(context));
}

}  // namespace rds_exporter::sim::logs
