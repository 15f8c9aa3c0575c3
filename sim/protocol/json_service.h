#pragma once

#include "sim/common/http_reply.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_service.h"

#include <optional>
#include <string_view>

namespace rds_exporter::sim {

// What an AWS JSON operation gets once its caller is authenticated: the request body, the fleet as it was when
// the request arrived, the request id its answer carries, and who signed it.
struct JsonCall {
  std::string_view body;
  const Fleet& fleet;
  std::string_view request_id;
  const Principal& caller;
};

// One operation of an AWS JSON service, selected by X-Amz-Target "<target prefix>.<name>".
class JsonOperation {
 public:
  virtual ~JsonOperation() = default;

  virtual std::string_view name() const = 0;
  // The error, in the service's own words, when the caller's policy does not allow the operation on the
  // resource the body names; nullopt when it does.
  virtual std::optional<ApiError> deny(const JsonCall& call) const = 0;
  virtual OperationOutcome invoke(const JsonCall& call) const = 0;
};

// A service speaking AWS JSON (1.0 or 1.1) whose requests are told apart by their X-Amz-Target prefix, such as
// Performance Insights ("PerformanceInsightsv20180227"). The JSON endpoint runs the checks every AWS service
// makes (signature, credential scope, signer) and leaves the operation's own and the reply's form to it.
class JsonService {
 public:
  virtual ~JsonService() = default;

  // The SigV4 service name: "pi".
  virtual std::string_view signing_name() const = 0;
  // X-Amz-Target up to the dot before the operation name.
  virtual std::string_view target_prefix() const = 0;
  // The API version an unknown operation's error names.
  virtual std::string_view api_version() const = 0;
  // nullptr when the service has no such operation.
  virtual const JsonOperation* find_operation(std::string_view name) const = 0;
  // The answer to send: the document, or any error (the service's own, authentication's, an injected fault's) in
  // the service's JSON error form. The caller adds x-amzn-RequestId.
  virtual HttpReply reply(OperationOutcome outcome) const = 0;
};

}  // namespace rds_exporter::sim
