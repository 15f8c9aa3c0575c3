#include "fake_cloudwatch_transport.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace rds_exporter::collection::testing {
namespace {

std::string dimension_value(const nlohmann::json& query) {
  const auto& dimensions = query["MetricStat"]["Metric"]["Dimensions"];
  return dimensions.empty() ? "" : dimensions.front()["Value"].get<std::string>();
}

}  // namespace

FakeCloudWatchTransport::FakeCloudWatchTransport(Answer answer) : answer_(std::move(answer)) {}

void FakeCloudWatchTransport::fail_requests_with(std::string query_id, common::HttpResponse failure) {
  const std::lock_guard lock(mutex_);
  failing_query_id_ = std::move(query_id);
  failure_ = std::move(failure);
}

void FakeCloudWatchTransport::answer_in_pages(int pages) {
  const std::lock_guard lock(mutex_);
  pages_ = pages;
}

void FakeCloudWatchTransport::hold_until_in_flight(int width) {
  const std::lock_guard lock(mutex_);
  gate_width_ = width;
  gate_open_ = false;
}

void FakeCloudWatchTransport::wait_at_gate(std::unique_lock<std::mutex>& lock) {
  if (in_flight_ >= gate_width_) gate_open_ = true;
  gate_changed_.notify_all();
  gate_changed_.wait_for(lock, std::chrono::seconds(5), [this] { return gate_open_; });
  gate_open_ = true;
}

aws::TransportResult FakeCloudWatchTransport::send(const aws::OutgoingRequest& request) {
  const auto body = nlohmann::json::parse(request.body.str());
  ReceivedRequest received{{}, body["StartTime"].get<double>(), body["EndTime"].get<double>()};
  for (const auto& query : body["MetricDataQueries"]) received.query_ids.push_back(query["Id"].get<std::string>());
  bool fails = false;
  {
    std::unique_lock lock(mutex_);
    requests_.push_back(received);
    max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    wait_at_gate(lock);
    fails =
        std::find(received.query_ids.begin(), received.query_ids.end(), failing_query_id_) != received.query_ids.end();
  }
  // Widens the overlap of concurrent requests, so that a collector exceeding its limit would be seen.
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  common::HttpResponse response = fails ? failure_ : common::HttpResponse{200, {}, answer_body(request.body)};
  {
    const std::lock_guard lock(mutex_);
    --in_flight_;
  }
  return response;
}

std::string FakeCloudWatchTransport::answer_body(const std::string& request_body) const {
  const auto request = nlohmann::json::parse(request_body);
  int pages = 1;
  {
    const std::lock_guard lock(mutex_);
    pages = pages_;
  }
  const int page = request.contains("NextToken") ? std::stoi(request["NextToken"].get<std::string>()) : 0;
  nlohmann::json results = nlohmann::json::array();
  for (const auto& query : request["MetricDataQueries"]) {
    const FakeSeries series =
        answer_(query["MetricStat"]["Metric"]["MetricName"].get<std::string>(), dimension_value(query));
    nlohmann::json timestamps = nlohmann::json::array();
    nlohmann::json values = nlohmann::json::array();
    const std::size_t count = series.points.size();
    const std::size_t pages_count = static_cast<std::size_t>(pages);
    const std::size_t page_index = static_cast<std::size_t>(page);
    for (std::size_t i = page_index * count / pages_count; i < (page_index + 1) * count / pages_count; ++i) {
      timestamps.push_back(series.points[i].first);
      values.push_back(series.points[i].second);
    }
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& [code, value] : series.messages) messages.push_back({{"Code", code}, {"Value", value}});
    const bool last_page = page + 1 == pages;
    results.push_back({{"Id", query["Id"]},
                       {"Label", query["MetricStat"]["Metric"]["MetricName"]},
                       {"Timestamps", std::move(timestamps)},
                       {"Values", std::move(values)},
                       {"StatusCode", last_page ? series.status : "PartialData"},
                       {"Messages", std::move(messages)}});
  }
  nlohmann::json answer = {{"MetricDataResults", std::move(results)}, {"Messages", nlohmann::json::array()}};
  if (page + 1 < pages) answer["NextToken"] = std::to_string(page + 1);
  return answer.dump();
}

std::vector<ReceivedRequest> FakeCloudWatchTransport::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

int FakeCloudWatchTransport::max_in_flight() const {
  const std::lock_guard lock(mutex_);
  return max_in_flight_;
}

common::HttpResponse json_error(int status, const std::string& type, const std::string& message) {
  return {status, {}, nlohmann::json{{"__type", type}, {"message", message}}.dump()};
}

}  // namespace rds_exporter::collection::testing
