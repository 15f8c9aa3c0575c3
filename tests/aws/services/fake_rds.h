#pragma once

#include "aws/endpoints/aws_service.h"
#include "aws/services/rds_client.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace rds_exporter::testing {

// RDS as the tests of its callers (discovery, the inventory) script it: each Action answered from its own queue
// (the last answer repeats) or by a function of the request body; remembers what it was sent. An Action with
// neither fails to connect.
class FakeRds final : public aws::HttpTransport {
 public:
  using Answer = std::function<common::HttpResponse(const std::string& body)>;

  void answer(const std::string& action, int status, std::string body) {
    const std::lock_guard lock(mutex_);
    script_[action].push_back(common::HttpResponse{status, {}, std::move(body)});
  }
  void on(const std::string& action, Answer answer) {
    const std::lock_guard lock(mutex_);
    answers_[action] = std::move(answer);
  }

  aws::TransportResult send(const aws::OutgoingRequest& request) override {
    const std::lock_guard lock(mutex_);
    const std::string action = value_of(request.body, "Action");
    bodies_.push_back(request.body);
    actions_.push_back(action);
    if (const auto found = answers_.find(action); found != answers_.end()) return found->second(request.body);
    auto& answers = script_[action];
    if (answers.empty()) return common::Unexpected{aws::TransportError{aws::TransportErrorKind::connect_failed, "x"}};
    common::HttpResponse next = answers.front();
    if (answers.size() > 1) answers.pop_front();
    return next;
  }

  std::vector<std::string> actions() const {
    const std::lock_guard lock(mutex_);
    return actions_;
  }
  // Every body sent, in order; or those of one Action.
  std::vector<std::string> bodies() const {
    const std::lock_guard lock(mutex_);
    return bodies_;
  }
  std::vector<std::string> bodies(const std::string& action) const {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> of_action;
    for (std::size_t i = 0; i < bodies_.size(); ++i) {
      if (actions_[i] == action) of_action.push_back(bodies_[i]);
    }
    return of_action;
  }
  int calls(const std::string& action) const {
    const std::lock_guard lock(mutex_);
    return static_cast<int>(std::count(actions_.begin(), actions_.end(), action));
  }

  // The value of `key` in a form-encoded body, as sent (still percent-encoded); empty when absent.
  static std::string value_of(const std::string& body, const std::string& key) {
    const std::string needle = key + "=";
    for (std::size_t start = body.find(needle); start != std::string::npos; start = body.find(needle, start + 1)) {
      if (start != 0 && body[start - 1] != '&') continue;
      const auto value = start + needle.size();
      return body.substr(value, body.find('&', value) - value);
    }
    return "";
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<common::HttpResponse>> script_;
  std::map<std::string, Answer> answers_;
  std::vector<std::string> actions_;
  std::vector<std::string> bodies_;
};

// A Query-protocol error answer.
inline std::string query_error(const std::string& code, const std::string& message) {
  return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message +
         "</Message></Error><RequestId>r-3</RequestId></ErrorResponse>";
}

// An RdsClient in eu-west-1 over `transport`: one attempt, no sleeping, unsigned.
inline aws::RdsClient rds_client_over(aws::HttpTransport& transport) {
  aws::ClientContext context;
  context.transport = &transport;
  context.random01 = [] { return 0.0; };
  context.sleep = [](std::chrono::milliseconds) {};
  aws::ServiceClientOptions options{
      aws::kRdsService, "eu-west-1",
      aws::Endpoint{"https://rds.eu-west-1.amazonaws.com", "rds.eu-west-1.amazonaws.com", "test"}, nullptr,
      aws::RetryPolicy{1, std::chrono::milliseconds(1)}};
  return aws::RdsClient(aws::ServiceClient(std::move(context), std::move(options)));
}

}  // namespace rds_exporter::testing
