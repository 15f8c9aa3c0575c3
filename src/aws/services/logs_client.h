#pragma once

#include "aws/client/service_client.h"
#include "aws/services/logs_wire.h"

#include <functional>
#include <string>

namespace rds_exporter::aws {

// The CloudWatch Logs calls the exporter makes for Enhanced Monitoring's OS metrics. A request AWS would refuse
// (no log group, 0 or more than 100 stream names, a limit out of range) is refused here without a call: an
// AwsError with code "ParamValidation", HTTP status 0 and no attempt, never retried. A stream that does not
// exist fails the whole FilterLogEvents with code "ResourceNotFoundException" (HTTP 400), after AWS has checked
// the caller's permission.
class LogsClient {
 public:
  // More pages than this in one filter_log_events is an error rather than an endless, billed walk.
  static constexpr int kMaxFilterLogEventsPages = 1000;

  explicit LogsClient(ServiceClient client);

  // One FilterLogEvents call: one page, which may be partial or empty while next_token is set.
  common::Expected<FilterLogEventsOutput, AwsError> filter_log_events_page(const FilterLogEventsInput& input) const;

  // Every page from input.next_token on, each handed to on_page as it arrives (an empty page with a nextToken
  // too); returns how many pages there were. A nextToken that comes back a second time ends it with a
  // malformed_response error, and so does a walk past kMaxFilterLogEventsPages: neither loops forever. A failed
  // page ends it with that page's error, after on_page had the pages before it. The page is on_page's to take
  // from (an event's message moved out rather than copied); its next_token is read before it is handed over.
  common::Expected<int, AwsError> filter_log_events(FilterLogEventsInput input,
                                                    const std::function<void(FilterLogEventsOutput&)>& on_page) const;

  const ServiceClient& service_client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace rds_exporter::aws
