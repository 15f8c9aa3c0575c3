#include "sim/admin/admin_api.h"
#include "sim_fixtures.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using Json = nlohmann::json;

class SimAdminApiTest : public ::testing::Test {
 protected:
  Json json_of(std::string_view method, std::string_view path, int expected_status = 200) {
    const HttpReply reply = admin_.handle(method, path);
    EXPECT_EQ(reply.status, expected_status) << method << " " << path;
    EXPECT_EQ(reply.content_type, "application/json");
    return Json::parse(reply.body);
  }

  RequestStats stats_;
  cloudwatch::CloudWatchUsage cloudwatch_usage_;
  FleetStore fleets_{std::shared_ptr<const Fleet>(&testing::small_fleet(), [](const Fleet*) {})};
  AdminApi admin_{fleets_, stats_, cloudwatch_usage_};
};

TEST_F(SimAdminApiTest, CountsRequestsByServiceOperationAndOutcome) {
  stats_.record("rds", "DescribeDBInstances", "200");
  stats_.record("rds", "DescribeDBInstances", "200");
  stats_.record("rds", "DescribeDBInstances", "AccessDenied");
  stats_.record("rds", "(no action)", "MissingAuthenticationToken");
  const Json stats = json_of("GET", "/_sim/stats");
  EXPECT_EQ(stats["requests"]["rds"]["DescribeDBInstances"]["200"], 2);
  EXPECT_EQ(stats["requests"]["rds"]["DescribeDBInstances"]["AccessDenied"], 1);
  EXPECT_EQ(stats["requests"]["rds"]["(no action)"]["MissingAuthenticationToken"], 1);
  EXPECT_EQ(stats["total"], 4);
}

TEST_F(SimAdminApiTest, ResetForgetsTheCounts) {
  stats_.record("rds", "DescribeDBInstances", "200");
  cloudwatch_usage_.record_get_metric_data(500);
  EXPECT_EQ(json_of("GET", "/_sim/stats")["cloudwatch_metrics_requested"], 500);
  EXPECT_EQ(json_of("POST", "/_sim/reset")["reset"], true);
  EXPECT_EQ(json_of("GET", "/_sim/stats"),
            Json::parse(R"({"requests": {}, "total": 0, "cloudwatch_metrics_requested": 0})"));
}

// --time-scale K: the data clock runs K times faster than real time from the moment it is made.
TEST_F(SimAdminApiTest, ShowsTheDataClockThatRunsKTimesFasterThanRealTime) {
  auto real = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 57);
  const DataClock data_clock([&real] { return real; }, 20);
  const AdminApi admin(fleets_, stats_, cloudwatch_usage_, nullptr, nullptr, nullptr, &data_clock);
  const auto start = real;
  EXPECT_EQ(data_clock.now(), start);
  real += std::chrono::seconds(90);
  EXPECT_EQ(data_clock.now(), start + std::chrono::minutes(30));
  const Json clock = Json::parse(admin.handle("GET", "/_sim/clock").body);
  EXPECT_EQ(clock["time_scale"], 20);
  EXPECT_EQ(clock["backdate"], 0);
  EXPECT_DOUBLE_EQ(clock["start"].get<double>(), std::chrono::duration<double>(start.time_since_epoch()).count());
  EXPECT_DOUBLE_EQ(clock["now"].get<double>(),
                   std::chrono::duration<double>(start.time_since_epoch()).count() + 1800.0);
  // Backdated: it starts that much behind real time, then runs as fast.
  const DataClock backdated([&real] { return real; }, 20, std::chrono::seconds(1800));
  EXPECT_EQ(backdated.now(), real - std::chrono::minutes(30));
  real += std::chrono::seconds(90);
  EXPECT_EQ(backdated.now(), real - std::chrono::seconds(90));
  // Without a data clock, data runs on real time.
  const Json real_time = json_of("GET", "/_sim/clock");
  EXPECT_EQ(real_time["time_scale"], 1);
  EXPECT_NEAR(real_time["now"].get<double>(), real_time["real_now"].get<double>(), 1.0);
}

TEST_F(SimAdminApiTest, DescribesTheFleetWithoutCredentials) {
  const HttpReply reply = admin_.handle("GET", "/_sim/fleet");
  const Json fleet = Json::parse(reply.body);
  EXPECT_EQ(fleet["region"], "ap-northeast-2");
  EXPECT_EQ(fleet["account_id"], "123456789012");
  ASSERT_EQ(fleet["instances"].size(), 6u);
  EXPECT_EQ(fleet["instances"][0]["id"], "billing-mysql");
  EXPECT_EQ(fleet["instances"][0]["tags"][0]["value"], "R&D <legacy> \"x\" 'y'");
  EXPECT_EQ(fleet["instances"][1]["cluster"], "orders-aurora");
  EXPECT_EQ(fleet["clusters"][0]["members"], Json::parse(R"(["orders-aurora-1", "orders-aurora-2"])"));
  // What the inventory operations answer from, for tests to compare with.
  EXPECT_EQ(fleet["instances"][1]["parameter_group"], "default.aurora-mysql8.0");
  EXPECT_EQ(fleet["instances"][0]["backup_retention_period"], 7);
  EXPECT_EQ(fleet["instances"][0]["pending_maintenance"], Json::array());
  EXPECT_EQ(fleet["clusters"][0]["parameter_group"], "default.aurora-mysql8.0");
  EXPECT_EQ(fleet["inventory"]["parameter_groups"], Json::array());
  EXPECT_EQ(fleet["inventory"]["events_per_hour"], 0);
  for (const auto& principal : testing::small_fleet().principals()) {
    EXPECT_EQ(reply.body.find(principal.secret_access_key), std::string::npos);
    EXPECT_EQ(reply.body.find(principal.access_key_id), std::string::npos);
  }
}

TEST_F(SimAdminApiTest, AnswersUnknownPathsAndWrongMethods) {
  EXPECT_EQ(json_of("GET", "/_sim/nothing", 404)["error"], "no admin endpoint /_sim/nothing");
  EXPECT_EQ(json_of("GET", "/_sim/reset", 405)["error"], "/_sim/reset answers POST only");
  const HttpReply reply = admin_.handle("POST", "/_sim/stats");
  ASSERT_EQ(reply.headers.size(), 1u);
  EXPECT_EQ(reply.headers[0], (std::pair<std::string, std::string>{"Allow", "GET"}));
}

}  // namespace
}  // namespace rds_exporter::sim
