#pragma once

#include "aws/transport/http_transport.h"
#include "coordination/bearer_token.h"
#include "coordination/kube_target.h"
#include "coordination/lease_api.h"

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::coordination {

// LeaseApi over the Kubernetes API server's coordination.k8s.io/v1 REST paths, one namespace:
// GET    /apis/coordination.k8s.io/v1/namespaces/{ns}/leases          list
// GET    /apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{name}   get
// POST   /apis/coordination.k8s.io/v1/namespaces/{ns}/leases          create (no resourceVersion)
// PUT    /apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{name}   replace (with resourceVersion)
//
// 200 and 201 are the lease; 404 not_found, 409 conflict, 401 and 403 denied; a stop request cancelled; anything
// else failed, with a message naming the verb, the lease, the status and the API server's Status message (never the
// token). A 401 re-reads the token file at once and, when the token changed, sends the request once more (the
// service account's token was rotated). Each call, its retry included, takes at most kCallTimeout: a lease call
// must end well within the coordinator's renew deadline. Safe to call from several threads.
class KubeLeaseClient final : public LeaseApi {
 public:
  static constexpr std::chrono::milliseconds kConnectTimeout{2000};
  static constexpr std::chrono::milliseconds kCallTimeout{5000};

  // Over libcurl, trusting target.ca_pem or target.ca_file when set. Throws std::runtime_error when libcurl cannot
  // be initialised.
  KubeLeaseClient(const KubeTarget& target, std::string namespace_, std::stop_token stop,
                  SteadyClock clock = &std::chrono::steady_clock::now);
  // Over any transport (tests).
  KubeLeaseClient(const KubeTarget& target, std::string namespace_, std::shared_ptr<aws::HttpTransport> transport,
                  std::stop_token stop, SteadyClock clock = &std::chrono::steady_clock::now);

  LeaseResult<std::vector<LeaseRecord>> list() override;
  LeaseResult<LeaseRecord> get(const std::string& name) override;
  LeaseResult<LeaseRecord> create(const LeaseRecord& lease) override;
  LeaseResult<LeaseRecord> replace(const LeaseRecord& lease) override;

 private:
  struct Call {
    std::string verb;  // "get", for messages
    std::string what;  // "lease ns/name" or "leases in ns", for messages
    std::string method;
    std::string path;  // below the server, percent-encoded
    std::string body;
  };

  // The answer to a 200 or 201, or the error the call ends with (retrying once after a 401).
  LeaseResult<common::HttpResponse> send(const Call& call);
  LeaseResult<common::HttpResponse> attempt(const Call& call, const std::string& token,
                                            std::chrono::steady_clock::time_point deadline);
  std::string collection_path() const;

  const std::string server_;
  const std::string namespace_;
  const bool namespace_valid_;
  const std::shared_ptr<aws::HttpTransport> transport_;
  const std::stop_token stop_;
  const SteadyClock clock_;
  BearerToken token_;
};

// A name the API server accepts for a Lease (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.',
// starting and ending with a letter or digit, at most 253 characters). Such a name needs no percent-encoding in a
// path, and "." or ".." cannot pass.
bool is_valid_lease_name(std::string_view name);

// A name the API server accepts for a namespace (a DNS-1123 label: as above without '.', at most 63 characters).
bool is_valid_namespace(std::string_view name);

}  // namespace rds_exporter::coordination
