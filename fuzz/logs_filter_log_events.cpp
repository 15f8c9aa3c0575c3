// CloudWatch Logs (Enhanced Monitoring): FilterLogEvents answers, JSON 1.1, and the
// EnhancedMonitoringResourceArn an RDS answer carries. The same bytes go to each.
#include "aws/services/logs_wire.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace aws = rds_exporter::aws;
  namespace fuzz = rds_exporter::fuzz;
  const std::string_view text = fuzz::text_of(data, size);
  (void)aws::parse_filter_log_events(fuzz::answer(200, text));
  if (const auto location = aws::parse_log_stream_arn(text)) {
    // Both names are non-empty pieces of the ARN, without a ':'.
    if (location->log_group_name.empty() || location->log_stream_name.empty() ||
        location->log_group_name.find(':') != std::string::npos ||
        location->log_stream_name.find(':') != std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
