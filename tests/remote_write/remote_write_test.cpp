// Remote write: the WriteRequest encoding, the labels, and the queue's order, retries, backoff and overflow with
// a scripted sender and a sleep that only records how long it was asked to wait.
#include "remote_write/remote_writer.h"

#include "remote_write.pb.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

namespace rds_exporter::remote_write {
namespace {

using catalog::MetricScope;
using catalog::MetricSpec;
using publishing::LabelPair;
using ::testing::ElementsAre;
using namespace std::chrono_literals;

constexpr MetricSpec kCpu{.name = "CPUUtilization", .unit = "Percent"};
constexpr MetricSpec kVolume{.name = "VolumeBytesUsed", .unit = "Bytes", .scope = MetricScope::cluster};

discovery::InventoryPtr fleet() {
  auto inventory = std::make_shared<discovery::Inventory>();
  discovery::WatchedInstance orders;
  orders.account_id = "123456789012";
  orders.region = "eu-west-1";
  orders.db.identifier = "orders";
  orders.db.engine = "aurora-postgresql";
  orders.db.cluster_identifier = "orders-cluster";
  orders.db.tags = {{"service", "orders"}};
  inventory->instances.push_back(orders);
  discovery::WatchedCluster cluster;
  cluster.account_id = "123456789012";
  cluster.region = "eu-west-1";
  cluster.db.identifier = "orders-cluster";
  cluster.db.engine = "aurora-postgresql";
  cluster.db.tags = {{"team", "payments"}, {"service", "orders-db"}};
  inventory->clusters.push_back(cluster);
  return inventory;
}

collection::Reading reading(const MetricSpec& metric, std::string source, double value, std::int64_t seconds) {
  return {
      .key = {.source_identifier = std::move(source), .metric = &metric, .statistic = "Average", .scope = metric.scope},
      .timestamp = std::chrono::system_clock::time_point(std::chrono::seconds(seconds)),
      .value = value};
}

PendingSample sample(std::string instance, double value, std::int64_t timestamp_ms) {
  return {{{"__name__", "rds_cpuutilization"}, {"db_instance_identifier", std::move(instance)}}, value, timestamp_ms};
}

TEST(SeriesLabeler, GivesThePagesNameAndLabelsSortedWithName) {
  const auto inventory = fleet();
  const auto tag_labels = publishing::tag_labels_of({"team", "service"});
  const publishing::SeriesLabeler labeler(*inventory, tag_labels);
  std::vector<LabelPair> labels;
  ASSERT_TRUE(labeler.labels_of(reading(kCpu, "orders", 1, 0), labels));
  // The member has its own service tag and inherits its cluster's team, as on /metrics.
  EXPECT_THAT(labels, ElementsAre(LabelPair{"__name__", "rds_cpuutilization"},
                                  LabelPair{"aws_account_id", "123456789012"},
                                  LabelPair{"db_instance_identifier", "orders"}, LabelPair{"engine", "aurora-postgresql"},
                                  LabelPair{"region", "eu-west-1"}, LabelPair{"tag_service", "orders"},
                                  LabelPair{"tag_team", "payments"}));
  ASSERT_TRUE(labeler.labels_of(reading(kVolume, "orders-cluster", 1, 0), labels));
  EXPECT_THAT(labels, ElementsAre(LabelPair{"__name__", "rds_volumebytesused"},
                                  LabelPair{"aws_account_id", "123456789012"},
                                  LabelPair{"db_cluster_identifier", "orders-cluster"},
                                  LabelPair{"engine", "aurora-postgresql"}, LabelPair{"region", "eu-west-1"},
                                  LabelPair{"tag_service", "orders-db"}, LabelPair{"tag_team", "payments"}));
  EXPECT_FALSE(labeler.labels_of(reading(kCpu, "gone", 1, 0), labels));
}

TEST(SeriesLabeler, ThePrometheusSchemeNamesAndScalesAsThePageDoes) {
  const auto inventory = fleet();
  const MetricSpec latency{.name = "CommitLatency", .unit = "Milliseconds"};
  const publishing::SeriesLabeler labeler(*inventory, {}, publishing::NamingScheme::prometheus);
  std::vector<LabelPair> labels;
  double value = 0;
  ASSERT_TRUE(labeler.sample_of(reading(latency, "orders", 12.5, 0), labels, value));
  EXPECT_EQ(labels.front(), (LabelPair{"__name__", "rds_commit_latency_seconds"}));
  EXPECT_EQ(value, 0.0125);
  ASSERT_TRUE(labeler.sample_of(reading(kCpu, "orders", 40.5, 0), labels, value));
  EXPECT_EQ(labels.front(), (LabelPair{"__name__", "rds_cpu_utilization_percent"}));
  EXPECT_EQ(value, 40.5);
  // The prototype's scheme keeps CloudWatch's names and values.
  const publishing::SeriesLabeler prototype(*inventory, {});
  ASSERT_TRUE(prototype.sample_of(reading(latency, "orders", 12.5, 0), labels, value));
  EXPECT_EQ(labels.front(), (LabelPair{"__name__", "rds_commitlatency"}));
  EXPECT_EQ(value, 12.5);
}

TEST(WriteRequest, DecodesBackToTheSamplesWithSeriesShared) {
  const std::vector<PendingSample> samples{sample("a", 1.5, 1000), sample("a", 2.5, 2000), sample("b", -3, 1000)};
  const std::string body = encode_write_request(samples);
  const auto decoded = decode_write_request(body);
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->timeseries_size(), 2);
  EXPECT_EQ(sample_count(*decoded), 3u);
  const auto& first = decoded->timeseries(0);
  ASSERT_EQ(first.labels_size(), 2);
  EXPECT_EQ(first.labels(0).name(), "__name__");
  EXPECT_EQ(first.labels(0).value(), "rds_cpuutilization");
  EXPECT_EQ(first.labels(1).value(), "a");
  ASSERT_EQ(first.samples_size(), 2);
  EXPECT_EQ(first.samples(0).value(), 1.5);
  EXPECT_EQ(first.samples(0).timestamp(), 1000);
  EXPECT_EQ(first.samples(1).timestamp(), 2000);
  EXPECT_EQ(decoded->timeseries(1).samples(0).value(), -3);
  EXPECT_FALSE(decode_write_request("not snappy at all"));
}

// Answers with the scripted statuses in turn (then 200), and keeps every request it was given.
class ScriptedSender : public Sender {
 public:
  explicit ScriptedSender(std::deque<SendResult> script) : script_(std::move(script)) {}

  SendResult send(const std::string& body, std::stop_token) override {
    const std::lock_guard lock(mutex_);
    auto decoded = decode_write_request(body);
    EXPECT_TRUE(decoded);
    bodies_.push_back(std::move(*decoded));
    if (script_.empty()) return {200};
    SendResult next = script_.front();
    script_.pop_front();
    return next;
  }

  std::size_t attempts() const {
    const std::lock_guard lock(mutex_);
    return bodies_.size();
  }

  mutable std::mutex mutex_;
  std::deque<SendResult> script_;
  std::vector<prometheus::WriteRequest> bodies_;
};

class RemoteWriterTest : public ::testing::Test {
 protected:
  RemoteWriter& writer(std::deque<SendResult> script, WriterOptions options = {}, SleepFunction sleep = nullptr) {
    if (options.url.empty()) options.url = "http://receiver.test/write";
    auto sender = std::make_unique<ScriptedSender>(std::move(script));
    sender_ = sender.get();
    writer_ = std::make_unique<RemoteWriter>(
        options, std::move(sender), metrics_,
        sleep ? sleep
              : [this](std::chrono::milliseconds wait, std::stop_token stop) {
                  const std::lock_guard lock(mutex_);
                  sleeps_.push_back(wait);
                  return !stop.stop_requested();
                },
        [] { return std::chrono::system_clock::time_point(1700000000s); });
    return *writer_;
  }

  double samples(const char* result) const { return value("rds_exporter_remote_write_samples_total", result); }

  double value(const std::string& family, const std::string& label) const {
    for (const auto& collected : metrics_.collect()) {
      if (collected.name != family) continue;
      for (const auto& s : collected.samples) {
        if (s.labels.back().value == label) return s.value;
      }
    }
    return -1;
  }

  std::vector<std::chrono::milliseconds> sleeps() const {
    const std::lock_guard lock(mutex_);
    return sleeps_;
  }

  std::vector<double> values_sent(std::size_t skip_attempts = 0) const {
    std::vector<double> values;
    const std::lock_guard lock(sender_->mutex_);
    for (std::size_t i = skip_attempts; i < sender_->bodies_.size(); ++i) {
      for (const auto& series : sender_->bodies_[i].timeseries()) {
        for (const auto& point : series.samples()) values.push_back(point.value());
      }
    }
    return values;
  }

  static std::vector<PendingSample> samples_valued(int from, int to) {
    std::vector<PendingSample> out;
    for (int v = from; v < to; ++v) out.push_back(sample("s" + std::to_string(v), v, v));
    return out;
  }

  RemoteWriteMetrics metrics_;
  std::unique_ptr<RemoteWriter> writer_;
  ScriptedSender* sender_ = nullptr;
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

TEST_F(RemoteWriterTest, CountersStartAtZeroForTheUrl) {
  writer({});
  EXPECT_EQ(samples("success"), 0);
  EXPECT_EQ(samples("failed"), 0);
  EXPECT_EQ(samples("dropped"), 0);
  EXPECT_EQ(value("rds_exporter_remote_write_samples_pending", "http://receiver.test/write"), 0);
}

TEST_F(RemoteWriterTest, ServerErrorsAreRetriedWithDoublingBackoffAndNothingIsLost) {
  auto& w = writer({{503}, {500}, {502}, {0, std::nullopt, "connection refused"}},
                   {.queue_capacity = 100, .max_samples_per_send = 4, .min_backoff = 30ms, .max_backoff = 100ms});
  w.enqueue(samples_valued(0, 10));
  w.start();
  w.stop(5s);
  EXPECT_THAT(sleeps(), ElementsAre(30ms, 60ms, 100ms, 100ms));
  // The first batch was tried 5 times; every sample arrived once and in order.
  EXPECT_EQ(sender_->attempts(), 7u);
  EXPECT_THAT(values_sent(4), ElementsAre(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
  EXPECT_EQ(samples("success"), 10);
  EXPECT_EQ(samples("failed"), 0);
  EXPECT_EQ(samples("dropped"), 0);
  EXPECT_EQ(value("rds_exporter_remote_write_samples_pending", "http://receiver.test/write"), 0);
  EXPECT_EQ(value("rds_exporter_remote_write_last_success_timestamp_seconds", "http://receiver.test/write"), 1700000000);
  EXPECT_EQ(value("rds_exporter_remote_write_requests_total", "503"), 1);
  EXPECT_EQ(value("rds_exporter_remote_write_requests_total", "200"), 3);
}

TEST_F(RemoteWriterTest, AFullQueueDropsTheIncomingSamplesAndCountsThem) {
  auto& w = writer({}, {.queue_capacity = 5, .max_samples_per_send = 5});
  w.enqueue(samples_valued(0, 3));
  w.enqueue(samples_valued(3, 8));
  EXPECT_EQ(w.pending(), 5u);
  EXPECT_EQ(samples("dropped"), 3);
  EXPECT_EQ(value("rds_exporter_remote_write_samples_pending", "http://receiver.test/write"), 5);
  w.start();
  w.stop(5s);
  EXPECT_THAT(values_sent(), ElementsAre(0, 1, 2, 3, 4));
  EXPECT_EQ(samples("success"), 5);
}

TEST_F(RemoteWriterTest, OtherClientErrorsDropTheBatchAsFailed) {
  auto& w = writer({{400, std::nullopt, "out of order sample"}}, {.max_samples_per_send = 2});
  w.enqueue(samples_valued(0, 5));
  w.start();
  w.stop(5s);
  EXPECT_TRUE(sleeps().empty());
  EXPECT_EQ(sender_->attempts(), 3u);
  EXPECT_EQ(samples("failed"), 2);
  EXPECT_EQ(samples("success"), 3);
  EXPECT_THAT(values_sent(1), ElementsAre(2, 3, 4));
}

TEST_F(RemoteWriterTest, TooManyRequestsIsRetriedAfterRetryAfterCappedAtMaxBackoff) {
  auto& w = writer({{429, 2000ms, ""}, {429, 60000ms, ""}, {429, std::nullopt, ""}},
                   {.min_backoff = 30ms, .max_backoff = 5000ms});
  w.enqueue(samples_valued(0, 1));
  w.start();
  w.stop(5s);
  EXPECT_THAT(sleeps(), ElementsAre(2000ms, 5000ms, 120ms));
  EXPECT_EQ(samples("success"), 1);
}

TEST_F(RemoteWriterTest, DeliverTurnsPointsIntoLabelledSamples) {
  auto& w = writer({}, {.tag_labels = {"team"}});
  w.deliver(fleet(), {reading(kCpu, "orders", 42, 1700000000), reading(kCpu, "unknown", 1, 1700000000)});
  EXPECT_EQ(w.pending(), 1u);
  w.start();
  w.stop(5s);
  ASSERT_EQ(sender_->attempts(), 1u);
  const auto& series = sender_->bodies_[0].timeseries(0);
  EXPECT_EQ(series.labels(0).value(), "rds_cpuutilization");
  EXPECT_EQ(series.labels(series.labels_size() - 1).name(), "tag_team");
  EXPECT_EQ(series.samples(0).value(), 42);
  EXPECT_EQ(series.samples(0).timestamp(), 1700000000000);
}

TEST_F(RemoteWriterTest, StoppingCancelsABatchThatKeepsFailing) {
  std::deque<SendResult> failures(1000, SendResult{503});
  auto& w = writer(failures, {.min_backoff = 1000ms, .max_backoff = 1000ms}, sleep_unless_stopped);
  w.enqueue(samples_valued(0, 3));
  w.start();
  const auto started = std::chrono::steady_clock::now();
  w.stop(50ms);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(samples("success"), 0);
}

}  // namespace
}  // namespace rds_exporter::remote_write
