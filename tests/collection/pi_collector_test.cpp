#include "collection/pi_collector.h"

#include "aws/client/service_client.h"
#include "inventory_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <set>

namespace rds_exporter::collection {
namespace {

using catalog::EngineFamily;
using namespace std::chrono_literals;
using ::testing::UnorderedElementsAre;

// 2024-05-01 12:03:27 UTC: the window is 11:58:00-12:03:00 in one-minute periods.
const std::chrono::system_clock::time_point kPiNow{std::chrono::seconds(1714564800 + 207)};
constexpr std::int64_t kPiWindowEnd = 1714564800 + 180;

// Performance Insights over AWS JSON 1.1 for one account: each instance (by DbiResourceId) has a list of counters,
// and every counter answers the same three periods: 12:01 and 12:02 with values, 12:03 (the newest) without one,
// as AWS often leaves it. Thread-safe.
class FakePerformanceInsights final : public aws::HttpTransport {
 public:
  // value(counter) is the counter's value in the 12:02 period; 12:01 has half of it.
  void add_instance(const std::string& resource_id, std::vector<std::string> counters) {
    counters_[resource_id] = std::move(counters);
  }
  void set_value(const std::string& counter, double value) { values_[counter] = value; }
  void throttle(const std::string& resource_id) { throttled_.insert(resource_id); }

  aws::TransportResult send(const aws::OutgoingRequest& request) override {
    std::string target;
    for (const auto& [name, value] : request.headers) {
      if (name == "X-Amz-Target" || name == "x-amz-target") target = value;
    }
    const auto body = nlohmann::json::parse(request.body.str());
    const std::string id = body.at("Identifier");
    const std::lock_guard lock(mutex_);
    if (throttled_.contains(id)) {
      return common::HttpResponse{400, {}, R"({"__type":"ThrottlingException","Message":"Rate exceeded"})"};
    }
    if (target.ends_with("ListAvailableResourceMetrics")) {
      ++list_calls_;
      nlohmann::json metrics = nlohmann::json::array();
      for (const auto& counter : counters_[id]) metrics.push_back({{"Metric", counter}, {"Unit", "Per Second"}});
      return common::HttpResponse{200, {}, nlohmann::json{{"Metrics", metrics}}.dump()};
    }
    std::vector<std::string> asked;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& query : body.at("MetricQueries")) {
      const std::string metric = query.at("Metric");
      asked.push_back(metric);
      const std::string counter = metric.substr(0, metric.size() - 4);
      const double value = values_.contains(counter) ? values_[counter] : 1;
      list.push_back({{"Key", {{"Metric", metric}}},
                      {"DataPoints",
                       {{{"Timestamp", kPiWindowEnd - 120}, {"Value", value / 2}},
                        {{"Timestamp", kPiWindowEnd - 60}, {"Value", value}},
                        {{"Timestamp", kPiWindowEnd}}}}});
    }
    asked_[id].push_back(asked);
    return common::HttpResponse{200, {}, nlohmann::json{{"Identifier", id}, {"MetricList", list}}.dump()};
  }

  std::vector<std::vector<std::string>> calls_for(const std::string& resource_id) const {
    const std::lock_guard lock(mutex_);
    const auto found = asked_.find(resource_id);
    return found == asked_.end() ? std::vector<std::vector<std::string>>{} : found->second;
  }
  int list_calls() const {
    const std::lock_guard lock(mutex_);
    return list_calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> counters_;
  std::map<std::string, double> values_;
  std::set<std::string> throttled_;
  std::map<std::string, std::vector<std::vector<std::string>>> asked_;
  int list_calls_ = 0;
};

discovery::WatchedInstance with_pi(discovery::WatchedInstance instance, const std::string& resource_id) {
  instance.db.resource_id = resource_id;
  instance.db.performance_insights_enabled = true;
  return instance;
}

class PiCollectorTest : public ::testing::Test {
 protected:
  PiCollectorTest() {
    aws::ClientContext context;
    context.transport = &transport_;
    context.random01 = [] { return 0.0; };
    context.sleep = [](std::chrono::milliseconds) {};
    aws::ServiceClientOptions options{
        aws::kPerformanceInsightsService, "eu-west-1",
        aws::Endpoint{"https://pi.eu-west-1.amazonaws.com", "pi.eu-west-1.amazonaws.com", "test"}, nullptr,
        aws::RetryPolicy{2, std::chrono::milliseconds(1)}};
    client_.emplace(aws::ServiceClient(std::move(context), std::move(options)));
    collector_.emplace(*client_, PiCollectorOptions{});
  }

  std::map<std::string, double> values_of(const PiCollectionResult& result, const std::string& identifier) {
    std::map<std::string, double> values;
    for (const auto& reading : result.readings) {
      if (reading.key.source_identifier == identifier) values[std::string(reading.key.metric->name)] = reading.value;
    }
    return values;
  }

  FakePerformanceInsights transport_;
  std::optional<aws::PiClient> client_;
  std::optional<PiCollector> collector_;
};

TEST_F(PiCollectorTest, OneCallPerInstanceAsksExactlyTheCountersItsEngineNeedsAndHas) {
  transport_.add_instance("db-MYSQL",
                          {"db.SQL.Questions", "db.Users.Threads_running", "db.Cache.innoDB_buffer_pool_hits",
                           "db.Cache.Innodb_buffer_pool_read_requests", "db.Cache.Innodb_buffer_pool_reads",
                           "db.Locks.innodb_deadlocks", "db.SQL.Com_select"});
  transport_.set_value("db.Users.Threads_running", 12);
  transport_.set_value("db.Locks.innodb_deadlocks", 6);
  discovery::Inventory inventory;
  inventory.instances = {with_pi(testing::watched_instance("shop", EngineFamily::mysql), "db-MYSQL")};

  const PiCollectionResult result = collector_->collect(inventory, kPiNow);

  ASSERT_EQ(transport_.calls_for("db-MYSQL").size(), 1u);
  EXPECT_THAT(
      transport_.calls_for("db-MYSQL")[0],
      UnorderedElementsAre("db.SQL.Questions.avg", "db.Users.Threads_running.avg",
                           "db.Cache.innoDB_buffer_pool_hits.avg", "db.Cache.Innodb_buffer_pool_read_requests.avg",
                           "db.Cache.Innodb_buffer_pool_reads.avg", "db.Locks.innodb_deadlocks.avg"));
  EXPECT_EQ(result.get_resource_metrics_calls, 1);
  EXPECT_EQ(result.list_available_calls, 1);
  const auto values = values_of(result, "shop");
  // The newest period with a value (12:02), not the empty newest one; deadlocks per minute become per second.
  EXPECT_EQ(values.at("ThreadsRunning"), 12);
  EXPECT_DOUBLE_EQ(values.at("DeadlocksCount"), 0.1);
  EXPECT_EQ(values.size(), 6u);
  for (const auto& reading : result.readings) {
    EXPECT_EQ(reading.timestamp, std::chrono::system_clock::time_point(std::chrono::seconds(kPiWindowEnd - 120)))
        << "the period 12:01-12:02 starts at 12:01";
  }
}

TEST_F(PiCollectorTest, PostgreSqlRatiosSumsAndConversions) {
  transport_.add_instance("db-PG", {"db.Cache.blks_hit", "db.IO.blks_read", "db.Concurrency.deadlocks",
                                    "db.Transactions.active_transactions", "db.Temp.temp_files",
                                    "db.Checkpoint.checkpoint_write_latency", "db.Checkpoint.checkpoint_sync_latency"});
  transport_.set_value("db.Cache.blks_hit", 990);
  transport_.set_value("db.IO.blks_read", 10);
  transport_.set_value("db.Checkpoint.checkpoint_write_latency", 1500);
  transport_.set_value("db.Checkpoint.checkpoint_sync_latency", 500);
  transport_.set_value("db.Temp.temp_files", 30);
  discovery::Inventory inventory;
  inventory.instances = {with_pi(testing::watched_instance("ledger"), "db-PG")};

  const auto values = values_of(collector_->collect(inventory, kPiNow), "ledger");
  EXPECT_DOUBLE_EQ(values.at("BufferCacheHitRatio"), 99);
  EXPECT_DOUBLE_EQ(values.at("CheckpointDuration"), 2);
  EXPECT_DOUBLE_EQ(values.at("TemporaryTables"), 0.5);
  EXPECT_TRUE(values.contains("ActiveTransactions"));
  EXPECT_TRUE(values.contains("Deadlocks"));
  EXPECT_FALSE(values.contains("ThreadsRunning"));
}

TEST_F(PiCollectorTest, CountersAnInstanceDoesNotHaveAreNeverAsked) {
  transport_.add_instance("db-PG", {"db.Transactions.active_transactions", "db.Cache.blks_hit"});
  discovery::Inventory inventory;
  inventory.instances = {with_pi(testing::watched_instance("ledger"), "db-PG")};
  const auto result = collector_->collect(inventory, kPiNow);
  ASSERT_EQ(transport_.calls_for("db-PG").size(), 1u);
  EXPECT_THAT(transport_.calls_for("db-PG")[0], UnorderedElementsAre("db.Transactions.active_transactions.avg"));
  EXPECT_EQ(values_of(result, "ledger").size(), 1u);
}

TEST_F(PiCollectorTest, AuroraAsksNothingCloudWatchAlreadyHas) {
  transport_.add_instance(
      "db-AURORA", {"db.SQL.Questions", "db.SQL.Queries", "db.Users.Threads_running", "db.Locks.innodb_deadlocks"});
  discovery::Inventory inventory;
  inventory.instances = {with_pi(testing::watched_instance("orders", EngineFamily::aurora_mysql), "db-AURORA")};
  collector_->collect(inventory, kPiNow);
  ASSERT_EQ(transport_.calls_for("db-AURORA").size(), 1u);
  EXPECT_THAT(transport_.calls_for("db-AURORA")[0], UnorderedElementsAre("db.Users.Threads_running.avg"));
}

TEST_F(PiCollectorTest, InstancesWithPerformanceInsightsOffAreCountedNotCalled) {
  discovery::Inventory inventory;
  inventory.instances = {testing::watched_instance("legacy", EngineFamily::mysql),
                         testing::watched_instance("reports", EngineFamily::sqlserver)};
  const auto result = collector_->collect(inventory, kPiNow);
  EXPECT_EQ(result.instances_with_pi_off, 1) << "SQL Server has no seed metric in Performance Insights";
  EXPECT_EQ(result.get_resource_metrics_calls, 0);
  EXPECT_EQ(transport_.list_calls(), 0);
}

TEST_F(PiCollectorTest, TheListOfCountersIsCachedForADay) {
  transport_.add_instance("db-PG", {"db.Transactions.active_transactions"});
  discovery::Inventory inventory;
  inventory.instances = {with_pi(testing::watched_instance("ledger"), "db-PG")};
  collector_->collect(inventory, kPiNow);
  collector_->collect(inventory, kPiNow + 1min);
  EXPECT_EQ(transport_.list_calls(), 1);
  EXPECT_EQ(transport_.calls_for("db-PG").size(), 2u);
  collector_->collect(inventory, kPiNow + 24h);
  EXPECT_EQ(transport_.list_calls(), 2);
}

TEST_F(PiCollectorTest, AThrottledInstanceFailsAloneAndIsCounted) {
  transport_.add_instance("db-A", {"db.Transactions.active_transactions"});
  transport_.add_instance("db-B", {"db.Transactions.active_transactions"});
  transport_.throttle("db-B");
  discovery::Inventory inventory;
  inventory.instances = {with_pi(testing::watched_instance("a"), "db-A"),
                         with_pi(testing::watched_instance("b"), "db-B")};
  const auto result = collector_->collect(inventory, kPiNow);
  EXPECT_EQ(result.failed_calls, 1);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_TRUE(result.errors[0].throttling);
  EXPECT_EQ(values_of(result, "a").size(), 1u);
  EXPECT_TRUE(values_of(result, "b").empty());
}

}  // namespace
}  // namespace rds_exporter::collection
