#pragma once

#include "common/expected.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::coordination {

// One coordination.k8s.io/v1 Lease as the coordinator reads and writes it: its name, the resourceVersion an update
// must send back (the API server answers 409 Conflict when someone else wrote in between), and its spec.
struct LeaseRecord {
  std::string name;
  // metadata.resourceVersion; empty for a lease not created yet.
  std::string resource_version;
  // spec.holderIdentity; empty: nobody holds it (released).
  std::string holder_identity;
  // spec.leaseDurationSeconds: how long after the last observed renewal the lease counts as held.
  std::optional<int> lease_duration_seconds;
  // spec.acquireTime and spec.renewTime (MicroTime: RFC 3339 with microseconds).
  std::optional<std::chrono::system_clock::time_point> acquire_time;
  std::optional<std::chrono::system_clock::time_point> renew_time;
  // spec.leaseTransitions: how many times the holder changed.
  int lease_transitions = 0;

  friend bool operator==(const LeaseRecord&, const LeaseRecord&) = default;
};

enum class LeaseErrorKind {
  // 404: no lease of that name.
  not_found,
  // 409: AlreadyExists on create, Conflict on replace (someone else wrote since our resourceVersion).
  conflict,
  // 401 or 403: the token is not accepted, or the role does not allow the verb on leases.
  denied,
  // Anything else: the API server could not be reached, answered 5xx or 429, or sent what is not a Lease.
  failed,
  // The coordinator is stopping: the call was not sent or was abandoned.
  cancelled,
};

struct LeaseError {
  LeaseErrorKind kind = LeaseErrorKind::failed;
  // For a log line: the verb, the lease, the HTTP status and the API server's message; never a token.
  std::string message;
};

template <typename T>
using LeaseResult = common::Expected<T, LeaseError>;

// The Lease calls the coordinator makes, in one namespace. Implemented over the Kubernetes API server
// (KubeLeaseClient) and, in tests, in memory.
class LeaseApi {
 public:
  virtual ~LeaseApi() = default;
  // Every lease of the namespace (one LIST call).
  virtual LeaseResult<std::vector<LeaseRecord>> list() = 0;
  virtual LeaseResult<LeaseRecord> get(const std::string& name) = 0;
  // POST; the answer is the lease as stored, with its resourceVersion.
  virtual LeaseResult<LeaseRecord> create(const LeaseRecord& lease) = 0;
  // PUT with lease.resource_version; the answer is the lease as stored.
  virtual LeaseResult<LeaseRecord> replace(const LeaseRecord& lease) = 0;
};

}  // namespace rds_exporter::coordination
