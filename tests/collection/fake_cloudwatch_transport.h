#pragma once

#include "aws/transport/http_transport.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::collection::testing {

// What the fake CloudWatch answers for one query.
struct FakeSeries {
  // Epoch seconds and value, listed to AWS's answer in this order.
  std::vector<std::pair<std::int64_t, double>> points;
  std::string status = "Complete";
  std::vector<std::pair<std::string, std::string>> messages;
};

// One GetMetricData request as the fake read it.
struct ReceivedRequest {
  std::vector<std::string> query_ids;
  double start_time = 0;
  double end_time = 0;
};

// CloudWatch's GetMetricData over AWS JSON 1.0, for collector tests: reads each request's JSON body, answers
// every query from `answer(metric name, dimension value)`, and records what it saw, including how many requests
// were in flight at once. Thread-safe: the collector calls it from several threads.
class FakeCloudWatchTransport final : public aws::HttpTransport {
 public:
  using Answer = std::function<FakeSeries(const std::string& metric_name, const std::string& source)>;

  explicit FakeCloudWatchTransport(Answer answer);

  // Every request that carries `query_id` gets `failure`, on every attempt.
  void fail_requests_with(std::string query_id, common::HttpResponse failure);
  // Spreads each answer's datapoints over `pages` pages linked by NextToken.
  void answer_in_pages(int pages);
  // Holds requests back until `width` of them are in flight together (5 s at most), so that a test sees the
  // collector reach its concurrency limit without depending on timing; after that, lets everything through.
  void hold_until_in_flight(int width);

  aws::TransportResult send(const aws::OutgoingRequest& request) override;

  // Every HTTP request, retries and pages included.
  std::vector<ReceivedRequest> requests() const;
  int max_in_flight() const;

 private:
  void wait_at_gate(std::unique_lock<std::mutex>& lock);
  std::string answer_body(const std::string& request_body) const;

  Answer answer_;
  mutable std::mutex mutex_;
  std::condition_variable gate_changed_;
  std::string failing_query_id_;
  common::HttpResponse failure_;
  int pages_ = 1;
  int gate_width_ = 0;
  bool gate_open_ = true;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
  std::vector<ReceivedRequest> requests_;
};

common::HttpResponse json_error(int status, const std::string& type, const std::string& message);

}  // namespace rds_exporter::collection::testing
