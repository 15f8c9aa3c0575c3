#include "sim/faults/change_api.h"

#include "sim/fleet/fleet_loader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::sim {
namespace {

using Json = nlohmann::json;

class SimChangeApi : public ::testing::Test {
 protected:
  static std::shared_ptr<const Fleet> fleet() {
    auto loaded = parse_fleet("instances: [{id: first, engine: postgres, class: db.t3.micro, tags: {env: prd}}]\n",
                              "api.yaml", "ap-northeast-2");
    return std::make_shared<const Fleet>(std::get<Fleet>(std::move(loaded)));
  }

  HttpReply call(std::string_view method, std::string_view path, std::string_view body = "") {
    auto reply = api_.handle(method, path, body);
    if (!reply) {
      ADD_FAILURE() << path << " was not handled";
      return {};
    }
    EXPECT_EQ(reply->content_type, "application/json");
    return *reply;
  }

  FaultInjector faults_{1};
  FleetStore store_{fleet()};
  ChangeApi api_{faults_, store_};
};

TEST_F(SimChangeApi, SetsShowsAndClearsTheFaultPlan) {
  const HttpReply set = call("PUT", "/_sim/faults", R"({"rules": [{"service": "rds", "throttle": 1}]})");
  EXPECT_EQ(set.status, 200);
  EXPECT_EQ(Json::parse(set.body)["rules"][0]["throttle"], 1.0);
  EXPECT_EQ(faults_.decide("rds", "DescribeDBInstances", WireProtocol::kQuery).outcome, "fault:Throttling");
  EXPECT_EQ(Json::parse(call("GET", "/_sim/faults").body)["rules"].size(), 1u);

  EXPECT_EQ(call("POST", "/_sim/faults/clear").body, "{\"rules\":[]}\n");
  EXPECT_EQ(faults_.decide("rds", "DescribeDBInstances", WireProtocol::kQuery).action, FaultAction::kPass);
  call("POST", "/_sim/faults", R"({"rules": [{"service": "*", "drop_connection": 1}]})");
  EXPECT_EQ(call("DELETE", "/_sim/faults").body, "{\"rules\":[]}\n");
}

TEST_F(SimChangeApi, RefusesAnInvalidPlanAndKeepsTheOldOne) {
  call("PUT", "/_sim/faults", R"({"rules": [{"service": "rds", "throttle": 1}]})");
  const HttpReply refused = call("PUT", "/_sim/faults", R"({"rules": [{"service": "rds", "throttle": 2}]})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Json::parse(refused.body)["errors"][0], "rules[0].throttle: expected a probability from 0 to 1, got 2");
  EXPECT_EQ(faults_.plan().rules[0].throttle_probability, 1);
}

TEST_F(SimChangeApi, AddsRetagsAndRemovesInstances) {
  const HttpReply added =
      call("POST", "/_sim/fleet/instances", R"({"id": "second", "engine": "mysql", "class": "db.t3.micro"})");
  EXPECT_EQ(added.status, 201);
  EXPECT_EQ(Json::parse(added.body)["instances"], 2);
  EXPECT_NE(store_.current()->find_instance("second"), nullptr);

  EXPECT_EQ(call("PUT", "/_sim/fleet/instances/second/tags", R"({"env": "prd"})").status, 200);
  EXPECT_EQ(store_.current()->find_instance("second")->tags, (std::vector<Tag>{{"env", "prd"}}));

  EXPECT_EQ(call("DELETE", "/_sim/fleet/instances/first").status, 200);
  EXPECT_EQ(store_.current()->find_instance("first"), nullptr);
}

TEST_F(SimChangeApi, RefusedChangesSayWhy) {
  const HttpReply invalid = call("POST", "/_sim/fleet/instances", R"({"id": "x", "engine": "postgres"})");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(Json::parse(invalid.body)["errors"][0], "class: missing (required)");
  EXPECT_EQ(
      call("POST", "/_sim/fleet/instances", R"({"id": "first", "engine": "postgres", "class": "db.t3.micro"})").status,
      409);
  EXPECT_EQ(call("DELETE", "/_sim/fleet/instances/nope").status, 404);
  EXPECT_EQ(call("PUT", "/_sim/fleet/instances/nope/tags", "{}").status, 404);
}

TEST_F(SimChangeApi, WrongMethodsAre405AndOtherPathsAreLeftAlone) {
  const HttpReply wrong = call("GET", "/_sim/fleet/instances");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers, (decltype(wrong.headers){{"Allow", "POST"}}));
  EXPECT_EQ(call("PATCH", "/_sim/faults").status, 405);
  EXPECT_EQ(call("GET", "/_sim/fleet/instances/first").status, 405);
  EXPECT_FALSE(api_.handle("GET", "/_sim/fleet", "").has_value());
  EXPECT_FALSE(api_.handle("GET", "/_sim/stats", "").has_value());
  EXPECT_FALSE(api_.handle("DELETE", "/_sim/fleet/instances/a/b", "").has_value());
}

}  // namespace
}  // namespace rds_exporter::sim
