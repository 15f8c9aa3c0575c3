#include "coordination/kube_lease_client.h"

#include "aws/protocol/json_reader.h"
#include "aws/transport/curl_transport.h"
#include "common/kubernetes_name.h"
#include "coordination/lease_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace rds_exporter::coordination {
namespace {

using Failure = common::Unexpected<LeaseError>;

constexpr std::string_view kLeasesPath = "/apis/coordination.k8s.io/v1/namespaces/";
// Below this much of a call's time left, a retry after a 401 is not started.
constexpr std::chrono::milliseconds kShortestRetry{100};
// How much of the API server's Status message a LeaseError carries.
constexpr std::size_t kMessageLimit = 300;

aws::TransportSettings transport_settings(const KubeTarget& target) {
  aws::TransportSettings settings;
  settings.connect_timeout = KubeLeaseClient::kConnectTimeout;
  settings.total_timeout = KubeLeaseClient::kCallTimeout;
  // The coordinator's calls come one at a time, from one thread.
  settings.max_concurrent_requests = 2;
  settings.ca_bundle = target.ca_file;
  settings.ca_pem = target.ca_pem;
  return settings;
}

// The message of the metav1.Status the API server answers an error with, shortened; empty when the body is none.
std::string status_message(const std::string& body) {
  const auto document = aws::parse_json_document(body);
  if (!document || !document->is_object()) return {};
  const auto message = document->find("message");
  if (message == document->end() || !message->is_string()) return {};
  std::string text = message->get<std::string>();
  if (text.size() <= kMessageLimit) return text;
  // Cut between characters, not inside one: the log line's JSON must stay UTF-8.
  std::size_t end = kMessageLimit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

LeaseErrorKind kind_of_status(int status) {
  switch (status) {
    case 404:
      return LeaseErrorKind::not_found;
    case 409:
      return LeaseErrorKind::conflict;
    case 401:
    case 403:
      return LeaseErrorKind::denied;
    default:
      return LeaseErrorKind::failed;
  }
}

Failure failure(LeaseErrorKind kind, std::string message) { return Failure{LeaseError{kind, std::move(message)}}; }

template <typename T, typename Read>
LeaseResult<T> read_answer(const LeaseResult<common::HttpResponse>& answer, std::string_view verb,
                           std::string_view what, Read read) {
  if (!answer) return Failure{answer.error()};
  auto value = read(answer->body);
  if (!value) return failure(LeaseErrorKind::failed, fmt::format("{} {}: the answer is {}", verb, what, value.error()));
  return std::move(*value);
}

}  // namespace

bool is_valid_lease_name(std::string_view name) { return common::is_kubernetes_name(name, 253, true); }

bool is_valid_namespace(std::string_view name) { return common::is_kubernetes_name(name, 63, false); }

KubeLeaseClient::KubeLeaseClient(const KubeTarget& target, std::string namespace_, std::stop_token stop,
                                 SteadyClock clock)
    : KubeLeaseClient(target, std::move(namespace_), std::make_shared<aws::CurlTransport>(transport_settings(target)),
                      std::move(stop), std::move(clock)) {}

KubeLeaseClient::KubeLeaseClient(const KubeTarget& target, std::string namespace_,
                                 std::shared_ptr<aws::HttpTransport> transport, std::stop_token stop, SteadyClock clock)
    : server_(target.server),
      namespace_(std::move(namespace_)),
      namespace_valid_(is_valid_namespace(this->namespace_)),
      transport_(std::move(transport)),
      stop_(std::move(stop)),
      clock_(clock ? std::move(clock) : SteadyClock(&std::chrono::steady_clock::now)),
      token_(target.token, target.token_file, clock_) {}

std::string KubeLeaseClient::collection_path() const { return fmt::format("{}{}/leases", kLeasesPath, namespace_); }

LeaseResult<std::vector<LeaseRecord>> KubeLeaseClient::list() {
  const Call call{"list", fmt::format("leases in {}", namespace_), "GET", collection_path(), {}};
  return read_answer<std::vector<LeaseRecord>>(send(call), call.verb, call.what, lease_list_from_json);
}

LeaseResult<LeaseRecord> KubeLeaseClient::get(const std::string& name) {
  if (!is_valid_lease_name(name)) return failure(LeaseErrorKind::failed, "get: not a valid lease name");
  const Call call{"get", fmt::format("lease {}/{}", namespace_, name), "GET", collection_path() + "/" + name, {}};
  return read_answer<LeaseRecord>(send(call), call.verb, call.what, lease_from_json);
}

LeaseResult<LeaseRecord> KubeLeaseClient::create(const LeaseRecord& lease) {
  if (!is_valid_lease_name(lease.name)) return failure(LeaseErrorKind::failed, "create: not a valid lease name");
  // The API server refuses a create that carries a resourceVersion.
  LeaseRecord fresh = lease;
  fresh.resource_version.clear();
  const Call call{"create", fmt::format("lease {}/{}", namespace_, lease.name), "POST", collection_path(),
                  lease_to_json(fresh, namespace_)};
  return read_answer<LeaseRecord>(send(call), call.verb, call.what, lease_from_json);
}

LeaseResult<LeaseRecord> KubeLeaseClient::replace(const LeaseRecord& lease) {
  if (!is_valid_lease_name(lease.name)) return failure(LeaseErrorKind::failed, "replace: not a valid lease name");
  const std::string what = fmt::format("lease {}/{}", namespace_, lease.name);
  // Without one the API server would overwrite whatever is there: the optimistic concurrency a lease relies on.
  if (lease.resource_version.empty()) {
    return failure(LeaseErrorKind::failed, fmt::format("replace {}: no resourceVersion to replace", what));
  }
  const Call call{"replace", what, "PUT", collection_path() + "/" + lease.name, lease_to_json(lease, namespace_)};
  return read_answer<LeaseRecord>(send(call), call.verb, call.what, lease_from_json);
}

LeaseResult<common::HttpResponse> KubeLeaseClient::send(const Call& call) {
  if (!namespace_valid_) return failure(LeaseErrorKind::failed, fmt::format("{}: not a valid namespace", call.verb));
  const auto deadline = clock_() + kCallTimeout;
  auto token = token_.current();
  if (!token) return failure(LeaseErrorKind::failed, fmt::format("{} {}: {}", call.verb, call.what, token.error()));
  auto answer = attempt(call, *token, deadline);
  // 401: the token may have been rotated since it was read; once, and only when the file now holds another.
  if (answer && answer->status == 401 && deadline - clock_() >= kShortestRetry && token_.refresh()) {
    if (token = token_.current(); token) answer = attempt(call, *token, deadline);
  }
  if (!answer || answer->status == 200 || answer->status == 201) return answer;
  const std::string message = status_message(answer->body);
  return failure(kind_of_status(answer->status), fmt::format("{} {}: HTTP {}{}{}", call.verb, call.what, answer->status,
                                                             message.empty() ? "" : ": ", message));
}

// One request; any HTTP status is an answer here.
LeaseResult<common::HttpResponse> KubeLeaseClient::attempt(const Call& call, const std::string& token,
                                                           std::chrono::steady_clock::time_point deadline) {
  aws::OutgoingRequest request;
  request.method = call.method;
  request.url = server_ + call.path;
  request.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
  if (!call.body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = call.body;
  }
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock_());
  request.total_timeout = std::max(left, std::chrono::milliseconds{1});
  request.connect_timeout = std::min(kConnectTimeout, *request.total_timeout);
  request.stop = stop_;
  auto response = transport_->send(request);
  if (response) return std::move(*response);
  const auto kind =
      response.error().kind == aws::TransportErrorKind::cancelled ? LeaseErrorKind::cancelled : LeaseErrorKind::failed;
  return failure(kind, fmt::format("{} {}: {}", call.verb, call.what, response.error().message));
}

}  // namespace rds_exporter::coordination
