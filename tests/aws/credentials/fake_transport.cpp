#include "fake_transport.h"

#include "common/text.h"

namespace rds_exporter::aws::testing {

void FakeTransport::script(const std::string& method, const std::string& url, std::vector<TransportResult> answers) {
  const std::lock_guard lock(mutex_);
  answers_[method + " " + url] = std::deque<TransportResult>(answers.begin(), answers.end());
}

void FakeTransport::answer(const std::string& method, const std::string& url, int status, std::string body) {
  script(method, url, {response(status, std::move(body))});
}

TransportResult FakeTransport::send(const OutgoingRequest& request) {
  const std::lock_guard lock(mutex_);
  requests_.push_back(request);
  const auto found = answers_.find(request.method + " " + request.url);
  if (found == answers_.end() || found->second.empty()) return failure(TransportErrorKind::connect_failed);
  TransportResult answer = found->second.front();
  if (found->second.size() > 1) found->second.pop_front();
  return answer;
}

std::vector<OutgoingRequest> FakeTransport::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

TransportResult FakeTransport::failure(TransportErrorKind kind) {
  return common::Unexpected{TransportError{kind, std::string(to_string(kind))}};
}

TransportResult FakeTransport::response(int status, std::string body) {
  common::HttpResponse answer;
  answer.status = status;
  answer.body = std::move(body);
  return answer;
}

std::string header_of(const OutgoingRequest& request, const std::string& name) {
  for (const auto& [header, value] : request.headers) {
    if (common::equals_ignore_case_ascii(header, name)) return value;
  }
  return "";
}

}  // namespace rds_exporter::aws::testing
