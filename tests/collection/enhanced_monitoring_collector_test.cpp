#include "collection/enhanced_monitoring_collector.h"

#include "aws/endpoints/aws_service.h"
#include "inventory_fixtures.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace rds_exporter::collection {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;
using nlohmann::json;

const system_clock::time_point kNow = system_clock::time_point(seconds(1'780'000'000));

std::int64_t ms(system_clock::time_point time) {
  return std::chrono::duration_cast<milliseconds>(time.time_since_epoch()).count();
}

// A small document: CPU user and total (percent) and total memory (KB), all three depending on `seed`.
std::string document(double seed) {
  return json{{"engine", "POSTGRES"},
              {"cpuUtilization", {{"user", seed}, {"total", 2 * seed}}},
              {"memory", {{"total", 1000 + seed}}}}
      .dump();
}

// CloudWatch Logs as FilterLogEvents sees it: streams of events per log group; a call naming a stream that does
// not exist fails whole with ResourceNotFoundException, as AWS does. Pages hold `page_size` events.
class FakeLogs final : public aws::HttpTransport {
 public:
  struct Event {
    std::int64_t timestamp_ms;
    std::string message;
  };

  void add_stream(const std::string& group, const std::string& stream) { groups_[group][stream]; }
  void add_event(const std::string& group, const std::string& stream, system_clock::time_point at, double seed) {
    groups_[group][stream].push_back({ms(at), document(seed)});
  }
  void add_raw_event(const std::string& group, const std::string& stream, system_clock::time_point at,
                     std::string message) {
    groups_[group][stream].push_back({ms(at), std::move(message)});
  }
  void delete_stream(const std::string& group, const std::string& stream) { groups_[group].erase(stream); }
  void fail_with(int status, std::string type) {
    failure_status_ = status;
    failure_type_ = std::move(type);
  }
  int page_size = 10000;

  aws::TransportResult send(const aws::OutgoingRequest& request) override {
    const std::lock_guard lock(mutex_);
    const json body = json::parse(request.body.str());
    requests_.push_back(body);
    if (failure_status_ != 0) return error(failure_status_, failure_type_, "injected");
    const auto group = groups_.find(body.value("logGroupName", ""));
    if (group == groups_.end()) return error(400, "ResourceNotFoundException", "The specified log group does not exist.");
    std::vector<std::pair<std::string, Event>> matching;
    for (const auto& name : body.at("logStreamNames")) {
      const auto stream = group->second.find(name.get<std::string>());
      if (stream == group->second.end()) {
        return error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
      }
      for (const Event& event : stream->second) {
        if (event.timestamp_ms >= body.value("startTime", std::int64_t{0})) matching.emplace_back(stream->first, event);
      }
    }
    std::stable_sort(matching.begin(), matching.end(),
                     [](const auto& a, const auto& b) { return a.second.timestamp_ms < b.second.timestamp_ms; });
    const std::size_t first = body.contains("nextToken") ? std::stoul(body["nextToken"].get<std::string>()) : 0;
    const std::size_t last = std::min(matching.size(), first + static_cast<std::size_t>(page_size));
    json answer{{"events", json::array()}};
    for (std::size_t i = first; i < last; ++i) {
      answer["events"].push_back({{"logStreamName", matching[i].first},
                                  {"timestamp", matching[i].second.timestamp_ms},
                                  {"message", matching[i].second.message},
                                  {"ingestionTime", matching[i].second.timestamp_ms + 500},
                                  {"eventId", std::to_string(i)}});
    }
    if (last < matching.size()) answer["nextToken"] = std::to_string(last);
    return common::HttpResponse{200, {}, answer.dump()};
  }

  std::vector<json> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }
  void clear_requests() {
    const std::lock_guard lock(mutex_);
    requests_.clear();
  }

 private:
  static aws::TransportResult error(int status, const std::string& type, const std::string& message) {
    return common::HttpResponse{status, {}, json{{"__type", type}, {"message", message}}.dump()};
  }

  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, std::vector<Event>>> groups_;
  std::vector<json> requests_;
  int failure_status_ = 0;
  std::string failure_type_;
};

aws::LogsClient logs_client_over(aws::HttpTransport& transport) {
  aws::ClientContext context;
  context.transport = &transport;
  context.random01 = [] { return 0.0; };
  context.sleep = [](milliseconds) {};
  aws::ServiceClientOptions options{
      aws::kCloudWatchLogsService, "eu-west-1",
      aws::Endpoint{"https://logs.eu-west-1.amazonaws.com", "logs.eu-west-1.amazonaws.com", "test"}, nullptr,
      aws::RetryPolicy{1, milliseconds(1)}};
  return aws::LogsClient(aws::ServiceClient(std::move(context), std::move(options)));
}

discovery::WatchedInstance monitored(const std::string& identifier, int interval) {
  auto instance = testing::watched_instance(identifier);
  instance.db.resource_id = "db-" + identifier;
  instance.db.monitoring_interval = interval;
  if (interval > 0) {
    instance.db.enhanced_monitoring_resource_arn =
        "arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:db-" + identifier;
  }
  return instance;
}

// `count` instances i0, i1, ... with Enhanced Monitoring every `interval` seconds.
discovery::Inventory monitored_fleet(int count, int interval = 60) {
  discovery::Inventory inventory;
  for (int i = 0; i < count; ++i) inventory.instances.push_back(monitored("i" + std::to_string(i), interval));
  return inventory;
}

std::set<std::string> stream_names(const json& request) {
  std::set<std::string> names;
  for (const auto& name : request.at("logStreamNames")) names.insert(name.get<std::string>());
  return names;
}

// The readings of one instance and metric, by timestamp.
std::map<system_clock::time_point, double> values_of(const std::vector<Reading>& readings,
                                                     const std::string& identifier, std::string_view metric,
                                                     const std::vector<std::pair<std::string, std::string>>& labels = {}) {
  std::map<system_clock::time_point, double> values;
  for (const auto& reading : readings) {
    if (reading.key.source_identifier == identifier && reading.key.metric->exposed_name == metric &&
        reading.key.labels == labels) {
      values[reading.timestamp] = reading.value;
    }
  }
  return values;
}

class EnhancedMonitoringCollectorTest : public ::testing::Test {
 protected:
  FakeLogs logs_;
  aws::LogsClient client_ = logs_client_over(logs_);
  EnhancedMonitoringCollector collector_{client_, EnhancedMonitoringOptions{}};
};

TEST_F(EnhancedMonitoringCollectorTest, OnlyInstancesWithEnhancedMonitoringOnAreAskedFor) {
  discovery::Inventory inventory;
  inventory.instances = {monitored("a", 60), monitored("off", 0), monitored("b", 10)};
  logs_.add_event("RDSOSMetrics", "db-a", kNow - seconds(30), 10);
  logs_.add_event("RDSOSMetrics", "db-b", kNow - seconds(5), 20);

  const auto result = collector_.collect(inventory, kNow);

  ASSERT_EQ(logs_.requests().size(), 1u);
  EXPECT_EQ(stream_names(logs_.requests()[0]), (std::set<std::string>{"db-a", "db-b"}));
  EXPECT_EQ(logs_.requests()[0]["startTime"], ms(kNow - seconds(120)));
  EXPECT_EQ(result.filter_log_events_calls, 1);
  EXPECT_EQ(result.documents, 2);
  EXPECT_EQ(values_of(result.readings, "a", "rds_os_cpu_ratio", {{"mode", "user"}}),
            (std::map<system_clock::time_point, double>{{kNow - seconds(30), 0.1}}));
  EXPECT_EQ(values_of(result.readings, "b", "rds_os_memory_total_bytes"),
            (std::map<system_clock::time_point, double>{{kNow - seconds(5), 1020.0 * 1024}}));
  for (const auto& reading : result.readings) {
    EXPECT_EQ(reading.interval, seconds(reading.key.source_identifier == "a" ? 60 : 10));
  }
  EXPECT_TRUE(values_of(result.readings, "off", "rds_os_cpu_utilization_ratio").empty());
}

TEST_F(EnhancedMonitoringCollectorTest, AHundredStreamsACallInSteadyState) {
  const auto inventory = monitored_fleet(250);
  for (int i = 0; i < 250; ++i) logs_.add_event("RDSOSMetrics", "db-i" + std::to_string(i), kNow - seconds(10), i);

  auto result = collector_.collect(inventory, kNow);
  EXPECT_EQ(result.filter_log_events_calls, 3);
  const auto requests = logs_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["logStreamNames"].size(), 100u);
  EXPECT_EQ(requests[1]["logStreamNames"].size(), 100u);
  EXPECT_EQ(requests[2]["logStreamNames"].size(), 50u);
  EXPECT_EQ(result.streams.reading, 250);

  logs_.clear_requests();
  for (int i = 0; i < 250; ++i) logs_.add_event("RDSOSMetrics", "db-i" + std::to_string(i), kNow + seconds(50), i + 1);
  result = collector_.collect(inventory, kNow + seconds(60));
  EXPECT_EQ(result.filter_log_events_calls, 3);
  ASSERT_EQ(logs_.requests().size(), 3u);
  // From just after the newest event read.
  EXPECT_EQ(logs_.requests()[0]["startTime"], ms(kNow - seconds(10)) + 1);
  EXPECT_EQ(result.documents, 250);
}

TEST_F(EnhancedMonitoringCollectorTest, EverySampleOnceWithItsOwnTimestampAcrossPages) {
  const auto inventory = monitored_fleet(2, 10);
  logs_.page_size = 3;
  for (int s = 0; s < 6; ++s) {
    logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(60) + seconds(10 * s), s);
    logs_.add_event("RDSOSMetrics", "db-i1", kNow - seconds(60) + seconds(10 * s), 100 + s);
  }
  auto result = collector_.collect(inventory, kNow);
  EXPECT_EQ(result.filter_log_events_calls, 4);  // 12 events, 3 a page
  auto values = values_of(result.readings, "i1", "rds_os_cpu_utilization_ratio");
  ASSERT_EQ(values.size(), 6u);
  EXPECT_DOUBLE_EQ(values.begin()->second, 2.0);
  EXPECT_DOUBLE_EQ(values.rbegin()->second, 2.1);

  // The next read starts after the newest event: nothing is returned twice, the new ones are.
  logs_.add_event("RDSOSMetrics", "db-i0", kNow + seconds(10), 6);
  result = collector_.collect(inventory, kNow + seconds(15));
  EXPECT_EQ(values_of(result.readings, "i0", "rds_os_cpu_utilization_ratio"),
            (std::map<system_clock::time_point, double>{{kNow + seconds(10), 0.12}}));
  EXPECT_TRUE(values_of(result.readings, "i1", "rds_os_cpu_utilization_ratio").empty());
}

// The page alone shows each series' newest sample: without every_point a read parses only each stream's newest
// document (an instance writing every 10 s sends six a minute), and still counts every document it was sent.
TEST_F(EnhancedMonitoringCollectorTest, WithoutEveryPointOnlyEachStreamsNewestDocumentIsRead) {
  EnhancedMonitoringOptions options;
  options.every_point = false;
  EnhancedMonitoringCollector collector{client_, options};
  const auto inventory = monitored_fleet(2, 10);
  logs_.page_size = 3;
  for (int s = 0; s < 6; ++s) {
    logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(60) + seconds(10 * s), s);
    logs_.add_event("RDSOSMetrics", "db-i1", kNow - seconds(60) + seconds(10 * s), 100 + s);
  }
  const auto result = collector.collect(inventory, kNow);
  EXPECT_EQ(result.filter_log_events_calls, 4);
  EXPECT_EQ(result.documents, 12);
  EXPECT_EQ(values_of(result.readings, "i1", "rds_os_cpu_utilization_ratio"),
            (std::map<system_clock::time_point, double>{{kNow - seconds(10), 2.1}}));
  EXPECT_EQ(values_of(result.readings, "i0", "rds_os_cpu_utilization_ratio").size(), 1u);
}

// percona/rds_exporter PR #123: one missing stream failed the whole 100-stream call, and every instance's OS
// metrics with it.
TEST_F(EnhancedMonitoringCollectorTest, AMissingStreamNeverHidesTheOthersInItsBatch) {
  const auto inventory = monitored_fleet(100);
  for (int i = 0; i < 100; ++i) logs_.add_event("RDSOSMetrics", "db-i" + std::to_string(i), kNow - seconds(20), i);
  logs_.delete_stream("RDSOSMetrics", "db-i42");

  auto result = collector_.collect(inventory, kNow);

  EXPECT_EQ(result.streams_found_missing, 1);
  EXPECT_EQ(result.streams.missing, 1);
  EXPECT_EQ(result.streams.reading, 99);
  EXPECT_EQ(result.documents, 99);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(values_of(result.readings, "i" + std::to_string(i), "rds_os_memory_total_bytes").size(), i == 42 ? 0u : 1u)
        << i;
  }
  // Halving: log2(100) levels of two calls at most, never one call per stream.
  EXPECT_LE(logs_.requests().size(), 15u);
  EXPECT_TRUE(result.errors.empty()) << "a missing stream is not an error of the call";

  // Steady state again: one call for the 99, the missing one left out until its retry.
  logs_.clear_requests();
  for (int i = 0; i < 100; ++i) logs_.add_event("RDSOSMetrics", "db-i" + std::to_string(i), kNow + seconds(40), i);
  result = collector_.collect(inventory, kNow + seconds(60));
  ASSERT_EQ(logs_.requests().size(), 1u);
  EXPECT_EQ(logs_.requests()[0]["logStreamNames"].size(), 99u);
  EXPECT_EQ(result.streams_found_missing, 0);
  EXPECT_EQ(result.streams.missing, 1);

  // Ten minutes on it is asked again, alone; back, it is read like the others.
  logs_.add_stream("RDSOSMetrics", "db-i42");
  logs_.add_event("RDSOSMetrics", "db-i42", kNow + seconds(650), 7);
  logs_.clear_requests();
  result = collector_.collect(inventory, kNow + seconds(660));
  ASSERT_EQ(logs_.requests().size(), 2u);
  EXPECT_EQ(stream_names(logs_.requests()[1]), (std::set<std::string>{"db-i42"}));
  EXPECT_EQ(result.streams.missing, 0);
  EXPECT_EQ(values_of(result.readings, "i42", "rds_os_memory_total_bytes").size(), 1u);
}

TEST_F(EnhancedMonitoringCollectorTest, AStreamWithoutNewEventsIsStaleAndNothingOfItIsReturnedAgain) {
  const auto inventory = monitored_fleet(2, 10);
  logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5), 1);
  logs_.add_event("RDSOSMetrics", "db-i1", kNow - seconds(5), 2);
  auto result = collector_.collect(inventory, kNow);
  EXPECT_EQ(result.streams.reading, 2);

  logs_.add_event("RDSOSMetrics", "db-i1", kNow + seconds(55), 3);
  result = collector_.collect(inventory, kNow + seconds(60));
  EXPECT_EQ(result.streams.stale, 1);
  EXPECT_EQ(result.streams.reading, 1);
  EXPECT_TRUE(values_of(result.readings, "i0", "rds_os_memory_total_bytes").empty());
}

// A stream that stopped writing does not drag every read of its batch back to its last event.
TEST_F(EnhancedMonitoringCollectorTest, AStaleStreamDoesNotHoldItsBatchBack) {
  const auto inventory = monitored_fleet(2, 10);
  logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5), 1);
  logs_.add_event("RDSOSMetrics", "db-i1", kNow - seconds(5), 1);
  collector_.collect(inventory, kNow);
  // i0 goes on writing, i1 stops.
  for (int s = 1; s <= 6; ++s) logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5) + seconds(10 * s), s);
  collector_.collect(inventory, kNow + seconds(60));
  for (int s = 7; s <= 12; ++s) logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5) + seconds(10 * s), s);
  logs_.clear_requests();
  const auto result = collector_.collect(inventory, kNow + seconds(120));
  ASSERT_EQ(logs_.requests().size(), 1u);
  EXPECT_EQ(logs_.requests()[0]["startTime"], ms(kNow + seconds(55)) + 1) << "i0's newest, not i1's";
  EXPECT_EQ(result.streams.stale, 1);
  EXPECT_EQ(result.documents, 6);
}

TEST_F(EnhancedMonitoringCollectorTest, TheLogGroupComesFromTheInstancesEnhancedMonitoringResourceArn) {
  discovery::Inventory inventory;
  inventory.instances = {monitored("a", 60), monitored("b", 60)};
  inventory.instances[1].db.enhanced_monitoring_resource_arn =
      "arn:aws:logs:eu-west-1:123456789012:log-group:CustomOSMetrics:log-stream:db-b";
  logs_.add_event("RDSOSMetrics", "db-a", kNow - seconds(5), 1);
  logs_.add_event("CustomOSMetrics", "db-b", kNow - seconds(5), 2);
  const auto result = collector_.collect(inventory, kNow);
  ASSERT_EQ(logs_.requests().size(), 2u);
  std::set<std::string> groups;
  for (const auto& request : logs_.requests()) groups.insert(request["logGroupName"].get<std::string>());
  EXPECT_EQ(groups, (std::set<std::string>{"RDSOSMetrics", "CustomOSMetrics"}));
  EXPECT_EQ(result.documents, 2);
}

TEST_F(EnhancedMonitoringCollectorTest, AMalformedDocumentIsCountedAndSkippedOnce) {
  const auto inventory = monitored_fleet(1, 10);
  logs_.add_raw_event("RDSOSMetrics", "db-i0", kNow - seconds(15), "not json {");
  logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5), 4);
  auto result = collector_.collect(inventory, kNow);
  EXPECT_EQ(result.documents, 2);
  EXPECT_EQ(result.malformed_documents, 1);
  EXPECT_EQ(values_of(result.readings, "i0", "rds_os_memory_total_bytes").size(), 1u);
  result = collector_.collect(inventory, kNow + seconds(10));
  EXPECT_EQ(result.malformed_documents, 0);
}

TEST_F(EnhancedMonitoringCollectorTest, AFailedCallIsCountedAndItsStreamsAreReadFromWhereTheyWereNextTime) {
  const auto inventory = monitored_fleet(1, 10);
  logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5), 1);
  collector_.collect(inventory, kNow);

  logs_.fail_with(400, "ThrottlingException");
  logs_.add_event("RDSOSMetrics", "db-i0", kNow + seconds(55), 2);
  auto result = collector_.collect(inventory, kNow + seconds(60));
  EXPECT_EQ(result.failed_calls, 1);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].code, "ThrottlingException");
  EXPECT_TRUE(result.readings.empty());
  EXPECT_EQ(result.streams.missing, 0);

  logs_.fail_with(0, "");
  logs_.clear_requests();
  result = collector_.collect(inventory, kNow + seconds(120));
  EXPECT_EQ(logs_.requests()[0]["startTime"], ms(kNow - seconds(5)) + 1);
  EXPECT_EQ(values_of(result.readings, "i0", "rds_os_memory_total_bytes").size(), 1u);
}

// A discovery's newcomers are read alone; the streams already read keep their place.
TEST_F(EnhancedMonitoringCollectorTest, ACycleOfNewcomersAloneLeavesTheOtherStreamsWhereTheyWere) {
  auto inventory = monitored_fleet(2, 10);
  logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5), 1);
  logs_.add_event("RDSOSMetrics", "db-i1", kNow - seconds(5), 1);
  collector_.collect(inventory, kNow);
  discovery::Inventory newcomer;
  newcomer.instances = {monitored("new", 10)};
  logs_.add_event("RDSOSMetrics", "db-new", kNow + seconds(1), 1);
  collector_.collect(newcomer, kNow + seconds(2));
  logs_.clear_requests();
  collector_.collect(inventory, kNow + seconds(10));
  ASSERT_EQ(logs_.requests().size(), 1u);
  EXPECT_EQ(logs_.requests()[0]["startTime"], ms(kNow - seconds(5)) + 1);
}

TEST_F(EnhancedMonitoringCollectorTest, InstancesThatLeaveAreForgotten) {
  auto inventory = monitored_fleet(2, 10);
  logs_.add_event("RDSOSMetrics", "db-i0", kNow - seconds(5), 1);
  logs_.add_event("RDSOSMetrics", "db-i1", kNow - seconds(5), 1);
  collector_.collect(inventory, kNow);
  inventory.instances.pop_back();
  logs_.clear_requests();
  const auto result = collector_.collect(inventory, kNow + seconds(10));
  ASSERT_EQ(logs_.requests().size(), 1u);
  EXPECT_EQ(stream_names(logs_.requests()[0]), (std::set<std::string>{"db-i0"}));
  EXPECT_EQ(result.streams.reading + result.streams.stale + result.streams.missing, 1);
}

}  // namespace
}  // namespace rds_exporter::collection
