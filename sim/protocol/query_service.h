#pragma once

#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <string>
#include <string_view>
#include <variant>

namespace rds_exporter::sim {

// What an operation gets: the request's parameters, the fleet as it was when the request arrived, the
// request id its response must carry, and who signed it (null for an unsigned request).
struct OperationCall {
  const QueryParameters& params;
  const Fleet& fleet;
  std::string_view request_id;
  const Principal* caller = nullptr;
};

// What a request needs before an operation runs.
enum class OperationAccess {
  // A valid signature of a principal whose allowed actions cover iam_action(): nearly every operation.
  kAuthorized,
  // A valid signature of anyone: STS GetCallerIdentity works even for a principal with no policy at all.
  kAuthenticated,
  // Nothing: STS AssumeRoleWithWebIdentity is sent unsigned (the web identity token is the proof); a signed
  // request is authenticated all the same.
  kAnonymous,
};

// A whole response document, or the error to answer instead.
using OperationOutcome = std::variant<std::string, ApiError>;

// One Action of a Query service. The request has been authenticated and authorised as access() demands when
// invoke() runs.
class QueryOperation {
 public:
  virtual ~QueryOperation() = default;

  // The Action parameter that selects it, e.g. "DescribeDBInstances".
  virtual std::string_view name() const = 0;
  // The IAM action a caller needs, e.g. "rds:DescribeDBInstances".
  virtual std::string_view iam_action() const = 0;
  virtual OperationAccess access() const { return OperationAccess::kAuthorized; }
  // The resource an AccessDenied names, as IAM sees the request, e.g. "arn:aws:rds:<region>:<account>:db:*".
  virtual std::string resource_arn(const OperationCall& call) const = 0;
  virtual OperationOutcome invoke(const OperationCall& call) const = 0;
};

// A service speaking the AWS Query protocol (RDS now, CloudWatch and STS later), found by the service name of
// a request's SigV4 credential scope.
class QueryService {
 public:
  virtual ~QueryService() = default;

  // The SigV4 service name: "rds", "monitoring", "sts".
  virtual std::string_view signing_name() const = 0;
  // The Version parameter its operations answer to, e.g. "2014-10-31".
  virtual std::string_view api_version() const = 0;
  virtual std::string_view xml_namespace() const = 0;
  // nullptr when the service has no such Action.
  virtual const QueryOperation* find_operation(std::string_view action) const = 0;
};

}  // namespace rds_exporter::sim
