// rds_sim's CloudWatch Logs (Enhanced Monitoring): FilterLogEvents and DescribeLogStreams through the JSON endpoint,
// signed, counted and open to faults, and the admin routes of the streams through the admin API.
#include "sim/admin/admin_api.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/faults/fault_plan_json.h"
#include "sim/logs/logs_admin.h"
#include "sim/logs/logs_service.h"
#include "sim/logs/os_metrics_document.h"
#include "sim/server/json_endpoint.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace rds_exporter::sim {
namespace {

using Json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kNow;

constexpr std::string_view kFleet = R"(
regions: [eu-west-1]
principals:
  - {name: exporter, access_key_id: AKIALOGSTESTEXPORT01, secret_access_key: logsTestExporterSecret0000000000000001,
     allow: [logs:FilterLogEvents, logs:DescribeLogStreams]}
  - {name: streams-only, access_key_id: AKIALOGSTESTSTREAMS1, secret_access_key: logsTestStreamsSecret00000000000000001,
     allow: [logs:DescribeLogStreams]}
  - {name: rds-only, access_key_id: AKIALOGSTESTRDSONLY1, secret_access_key: logsTestRdsOnlySecret00000000000000001,
     allow: ["rds:Describe*"]}
  - {name: member, account: "210000000002", access_key_id: AKIALOGSTESTMEMBER01,
     secret_access_key: logsTestMemberSecret000000000000000001, allow: ["logs:*"]}
clusters:
  - {id: orders-aurora, engine: aurora-mysql}
  - {id: ledger-aurora, engine: aurora-postgresql}
instances:
  - {id: shop-mysql, engine: mysql, class: db.r6g.large, monitoring_interval: 60, dbi_resource_id: db-SHOPMYSQL}
  - {id: payments-pg, engine: postgres, class: db.r6g.xlarge, monitoring_interval: 15, dbi_resource_id: db-PAYMENTSPG}
  - {id: orders-aurora-1, cluster: orders-aurora, cluster_writer: true, class: db.r6g.large, monitoring_interval: 5,
     dbi_resource_id: db-ORDERSAURORA1}
  - {id: ledger-aurora-1, cluster: ledger-aurora, cluster_writer: true, class: db.r6g.large, monitoring_interval: 10,
     dbi_resource_id: db-LEDGERAURORA1}
  - {id: erp-sqlserver, engine: sqlserver-se, class: db.m5.xlarge, monitoring_interval: 30,
     dbi_resource_id: db-ERPSQLSERVER}
  - {id: archive-mysql, engine: mysql, class: db.t3.medium, status: stopped, monitoring_interval: 60,
     dbi_resource_id: db-ARCHIVEMYSQL}
  - {id: quiet-mysql, engine: mysql, class: db.t3.medium, dbi_resource_id: db-QUIETMYSQL}
  - {id: far-pg, engine: postgres, class: db.r6g.large, monitoring_interval: 60, dbi_resource_id: db-FARPG,
     account: "210000000002", region: eu-west-1}
)";

// Data time when the simulator started: 2026-11-25T12:00:00Z. Events begin an hour before it.
const std::chrono::system_clock::time_point kLogsOrigin =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + std::chrono::hours{12};
constexpr std::int64_t kOriginMs = 1'795'608'000'000;  // kLogsOrigin
constexpr std::int64_t kHourMs = 3'600'000;

class SimLogs : public ::testing::Test {
 protected:
  HttpReply post(std::string_view operation, const Json& body, std::string_view principal = "exporter",
                 std::string_view region = "ap-northeast-2") {
    const std::string target = "Logs_20140328." + std::string(operation);
    const Principal& signer = testing::principal_in(*fleets_.current(), principal);
    return endpoint_.handle(testing::signed_json_request(signer, target, body.dump(), "logs", region), target);
  }

  Json ok(std::string_view operation, const Json& body, std::string_view principal = "exporter",
          std::string_view region = "ap-northeast-2") {
    const HttpReply reply = post(operation, body, principal, region);
    EXPECT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.content_type, "application/x-amz-json-1.1");
    return Json::parse(reply.body);
  }

  // The error's __type, checking its status and that it carries a message.
  std::string error(std::string_view operation, const Json& body, int status = 400,
                    std::string_view principal = "exporter", std::string_view region = "ap-northeast-2") {
    const HttpReply reply = post(operation, body, principal, region);
    EXPECT_EQ(reply.status, status) << reply.body;
    const Json parsed = Json::parse(reply.body);
    last_message_ = parsed.value("message", "");
    return parsed.value("__type", "");
  }

  // Every event of a FilterLogEvents, page after page; `pages` counts them.
  Json all_events(Json body, int* pages = nullptr) {
    Json events = Json::array();
    for (int page = 1; page < 1000; ++page) {
      const Json answer = ok("FilterLogEvents", body);
      for (const auto& event : answer["events"]) events.push_back(event);
      if (pages != nullptr) *pages = page;
      if (!answer.contains("nextToken")) break;
      body["nextToken"] = answer["nextToken"];
    }
    return events;
  }

  HttpReply admin(std::string_view method, std::string_view path, const AdminQuery& query = {},
                  std::string_view body = "") {
    return admin_.handle(method, path, body, query);
  }

  void advance(std::chrono::milliseconds by) { now_ += by; }
  std::int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now_.time_since_epoch()).count();
  }

  static Json stream_request(std::string_view stream) {
    return {{"logGroupName", "RDSOSMetrics"}, {"logStreamNames", {stream}}};
  }
  static std::vector<std::int64_t> timestamps(const Json& events) {
    std::vector<std::int64_t> out;
    for (const auto& event : events) out.push_back(event["timestamp"].get<std::int64_t>());
    return out;
  }

  std::uint64_t count(std::string_view operation, std::string_view outcome) const {
    const auto counts = stats_.snapshot();
    const auto service = counts.find("logs");
    if (service == counts.end()) return 0;
    const auto op = service->second.find(std::string(operation));
    if (op == service->second.end()) return 0;
    const auto found = op->second.find(std::string(outcome));
    return found == op->second.end() ? 0 : found->second;
  }

  FleetStore fleets_{std::make_shared<const Fleet>(testing::fleet_from_yaml(std::string(kFleet)))};
  // Data time: ten minutes after the origin; signatures keep real time (kNow).
  std::chrono::system_clock::time_point now_ = kLogsOrigin + std::chrono::minutes{10};
  Clock data_clock_ = [this] { return now_; };
  Clock real_clock_ = [] { return kNow; };
  logs::StreamStates states_;
  logs::LogsService logs_{logs::LogsContext{data_clock_, kLogsOrigin, states_}};
  logs::LogsAdmin logs_admin_{fleets_, states_, data_clock_, kLogsOrigin};
  cloudwatch::CloudWatchUsage usage_;
  cloudwatch::CloudWatchService cloudwatch_{real_clock_, usage_};
  RequestAuthenticator authenticator_{real_clock_};
  RequestStats stats_;
  RequestIds ids_{1};
  FaultInjector faults_{7};
  JsonEndpoint endpoint_{fleets_, cloudwatch_, authenticator_, stats_, ids_, &faults_, {&logs_}};
  AdminApi admin_{fleets_, stats_, usage_, nullptr, nullptr, nullptr, nullptr, &logs_admin_};
  std::string last_message_;
};

TEST_F(SimLogs, OnePageHoldsAStreamsEventsFromAnHourBeforeTheStartUpToDataNow) {
  const Json answer = ok("FilterLogEvents", stream_request("db-SHOPMYSQL"));
  EXPECT_FALSE(answer.contains("nextToken"));
  const Json& events = answer["events"];
  // Every minute from 11:00 to 12:10, both included.
  ASSERT_EQ(events.size(), 71u);
  EXPECT_EQ(events.front()["timestamp"], kOriginMs - kHourMs);
  EXPECT_EQ(events.back()["timestamp"], kOriginMs + 600'000);
  for (const auto& event : events) {
    const std::int64_t t = event["timestamp"];
    EXPECT_EQ(t % 60'000, 0);
    EXPECT_EQ(event["logStreamName"], "db-SHOPMYSQL");
    EXPECT_GT(event["ingestionTime"].get<std::int64_t>(), t);
    EXPECT_EQ(event["eventId"].get<std::string>().size(), 56u);
    const Json document = Json::parse(event["message"].get<std::string>());
    EXPECT_EQ(document["instanceResourceID"], "db-SHOPMYSQL");
    EXPECT_EQ(document["instanceID"], "shop-mysql");
    EXPECT_EQ(document["engine"], "MYSQL");
  }
  EXPECT_EQ(Json::parse(events.front()["message"].get<std::string>())["timestamp"], "2026-11-25T11:00:00Z");

  // Data time moves on: the next sample shows up once data time reaches it, not before.
  advance(std::chrono::seconds{59});
  EXPECT_EQ(ok("FilterLogEvents", stream_request("db-SHOPMYSQL"))["events"].size(), 71u);
  advance(std::chrono::seconds{1});
  EXPECT_EQ(ok("FilterLogEvents", stream_request("db-SHOPMYSQL"))["events"].size(), 72u);
}

TEST_F(SimLogs, EventsAreOrderedByTimeThenStreamWithinTheWindow) {
  Json body = {{"logGroupName", "RDSOSMetrics"},
               {"logStreamNames", {"db-SHOPMYSQL", "db-PAYMENTSPG"}},
               {"startTime", kOriginMs},
               {"endTime", kOriginMs + 120'000}};
  const Json events = ok("FilterLogEvents", body)["events"];
  std::vector<std::pair<std::int64_t, std::string>> keys;
  for (const auto& event : events) keys.emplace_back(event["timestamp"], event["logStreamName"]);
  // [12:00, 12:02): PAYMENTSPG every 15 s, SHOPMYSQL every minute; the end is exclusive.
  ASSERT_EQ(keys.size(), 10u);
  EXPECT_EQ(keys[0], std::make_pair(kOriginMs, std::string("db-PAYMENTSPG")));
  EXPECT_EQ(keys[1], std::make_pair(kOriginMs, std::string("db-SHOPMYSQL")));
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(keys.back().first, kOriginMs + 105'000);
}

TEST_F(SimLogs, RequestsAreValidated) {
  const Json stream = {"db-SHOPMYSQL"};
  EXPECT_EQ(error("FilterLogEvents", Json::object()), "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"logGroupIdentifier", "RDSOSMetrics"}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents",
                  {{"logGroupName", "RDSOSMetrics"}, {"logStreamNames", stream}, {"logStreamNamePrefix", "db-"}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"logStreamNames", Json::array()}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"},
                                      {"logStreamNames", std::vector<std::string>(101, "db-SHOPMYSQL")}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"limit", 0}}), "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"limit", 10001}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"startTime", 2}, {"endTime", 1}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"filterPattern", "{ $.cpu > 1 }"}}),
            "InvalidParameterException");
  EXPECT_THAT(last_message_, HasSubstr("filter patterns"));
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"nextToken", "garbage"}}),
            "InvalidParameterException");
  EXPECT_EQ(last_message_, "The specified nextToken is invalid.");
  // Numbers beyond any bound are out of bounds, never converted (1e300 does not fit an int64).
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"startTime", 1e300}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"limit", 18446744073709551615ULL}}),
            "InvalidParameterException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"limit", "10"}}), "SerializationException");
  EXPECT_EQ(error("FilterLogEvents", Json::array()), "SerializationException");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}, {"logStreamNames", stream}, {"limit", 10.5}}),
            "SerializationException");
  // An empty pattern, interleaved and limit 10000 are fine.
  ok("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"},
                         {"logStreamNames", stream},
                         {"filterPattern", ""},
                         {"interleaved", true},
                         {"limit", 10000}});
  EXPECT_EQ(error("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}, {"limit", 51}}),
            "InvalidParameterException");
  EXPECT_EQ(error("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}, {"orderBy", "Size"}}),
            "InvalidParameterException");
  EXPECT_EQ(error("DescribeLogStreams",
                  {{"logGroupName", "RDSOSMetrics"}, {"orderBy", "LastEventTime"}, {"logStreamNamePrefix", "db-"}}),
            "InvalidParameterException");
}

TEST_F(SimLogs, TheGroupIsNamedOrGivenByArnAndOthersDoNotExist) {
  const Json by_arn = {{"logGroupIdentifier", "arn:aws:logs:ap-northeast-2:123456789012:log-group:RDSOSMetrics:*"},
                       {"logStreamNames", {"db-SHOPMYSQL"}}};
  EXPECT_EQ(ok("FilterLogEvents", by_arn)["events"].size(), 71u);
  EXPECT_EQ(
      ok("FilterLogEvents", {{"logGroupIdentifier", "RDSOSMetrics"}, {"logStreamNames", {"db-SHOPMYSQL"}}})["events"]
          .size(),
      71u);
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "/aws/rds/instance/shop-mysql/error"}}),
            "ResourceNotFoundException");
  EXPECT_EQ(last_message_, "The specified log group does not exist.");
  EXPECT_EQ(
      error("FilterLogEvents", {{"logGroupIdentifier", "arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics"}}),
      "ResourceNotFoundException");
  // A scope without Enhanced Monitoring has no RDSOSMetrics group.
  EXPECT_EQ(error("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}}, 400, "exporter", "eu-west-1"),
            "ResourceNotFoundException");
  EXPECT_EQ(last_message_, "The specified log group does not exist.");
}

TEST_F(SimLogs, OneMissingStreamFailsTheWholeCall) {
  EXPECT_EQ(error("FilterLogEvents",
                  {{"logGroupName", "RDSOSMetrics"}, {"logStreamNames", {"db-SHOPMYSQL", "db-NOSUCHSTREAM"}}}),
            "ResourceNotFoundException");
  EXPECT_EQ(last_message_, "The specified log stream does not exist.");
  // An instance without Enhanced Monitoring has no stream.
  EXPECT_EQ(error("FilterLogEvents", stream_request("db-QUIETMYSQL")), "ResourceNotFoundException");
  EXPECT_EQ(count("FilterLogEvents", "ResourceNotFoundException"), 2u);
}

TEST_F(SimLogs, LimitPagesThroughEveryEventOnce) {
  const Json body = {{"logGroupName", "RDSOSMetrics"},
                     {"logStreamNames", {"db-SHOPMYSQL", "db-PAYMENTSPG", "db-ERPSQLSERVER"}},
                     {"startTime", kOriginMs - 600'000}};
  const Json whole = all_events(body);
  Json paged_body = body;
  paged_body["limit"] = 7;
  int pages = 0;
  const Json paged = all_events(paged_body, &pages);
  // 10 + 40 + 20 events before 12:00, 10 + 40 + 20 after, and the three at 12:10.
  EXPECT_EQ(whole.size(), 143u);
  EXPECT_EQ(paged, whole);
  EXPECT_EQ(pages, 21);
  // A token belongs to its request.
  Json first = ok("FilterLogEvents", paged_body);
  Json other = body;
  other["nextToken"] = first["nextToken"];
  other["startTime"] = kOriginMs;
  EXPECT_EQ(error("FilterLogEvents", other), "InvalidParameterException");
}

TEST_F(SimLogs, APageHoldsAtMostOneMegabyteOfEvents) {
  const Json body = {{"logGroupName", "RDSOSMetrics"}};
  int pages = 0;
  const Json events = all_events(body, &pages);
  // 71 + 281 + 841 + 421 + 141 events of some 3 KB each, no event of the stopped instance.
  EXPECT_EQ(events.size(), 1755u);
  EXPECT_GT(pages, 3);
  Json page_body = body;
  for (int page = 0; page < pages - 1; ++page) {
    const Json answer = ok("FilterLogEvents", page_body);
    std::size_t bytes = 0;
    for (const auto& event : answer["events"]) bytes += event["message"].get<std::string>().size() + 26;
    EXPECT_LE(bytes, 1'048'576u);
    EXPECT_GT(bytes, 1'040'000u);
    EXPECT_LT(answer["events"].size(), 10000u);
    page_body["nextToken"] = answer["nextToken"];
  }
  std::set<std::pair<std::int64_t, std::string>> unique;
  for (const auto& event : events) unique.emplace(event["timestamp"], event["logStreamName"]);
  EXPECT_EQ(unique.size(), events.size());
}

TEST_F(SimLogs, TheEmptyFirstPageSwitchAnswersNoEventsAndANextToken) {
  const HttpReply set = admin("PUT", "/_sim/logs/settings", {}, R"({"empty_first_page": true})");
  EXPECT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Json::parse(set.body)["empty_first_page"], true);
  const Json first = ok("FilterLogEvents", stream_request("db-SHOPMYSQL"));
  EXPECT_TRUE(first["events"].empty());
  ASSERT_TRUE(first.contains("nextToken"));
  int pages = 0;
  const Json events = all_events(stream_request("db-SHOPMYSQL"), &pages);
  EXPECT_EQ(events.size(), 71u);
  EXPECT_EQ(pages, 2);
  admin("PUT", "/_sim/logs/settings", {}, R"({"empty_first_page": false})");
  EXPECT_EQ(ok("FilterLogEvents", stream_request("db-SHOPMYSQL"))["events"].size(), 71u);
  EXPECT_EQ(admin("PUT", "/_sim/logs/settings", {}, R"({"empty_first_pages": true})").status, 400);
}

TEST_F(SimLogs, ADeletedStreamNoLongerExists) {
  const HttpReply deleted = admin("POST", "/_sim/logs/streams/db-SHOPMYSQL/delete");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(Json::parse(deleted.body)["deleted"], true);
  EXPECT_EQ(error("FilterLogEvents",
                  {{"logGroupName", "RDSOSMetrics"}, {"logStreamNames", {"db-PAYMENTSPG", "db-SHOPMYSQL"}}}),
            "ResourceNotFoundException");
  EXPECT_EQ(last_message_, "The specified log stream does not exist.");
  std::vector<std::string> listed;
  const Json streams = ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}});
  for (const auto& stream : streams["logStreams"]) listed.push_back(stream["logStreamName"]);
  EXPECT_THAT(listed, ElementsAre("db-ARCHIVEMYSQL", "db-ERPSQLSERVER", "db-LEDGERAURORA1", "db-ORDERSAURORA1",
                                  "db-PAYMENTSPG"));
  EXPECT_EQ(admin("POST", "/_sim/logs/streams/db-SHOPMYSQL/delete").status, 404);
  EXPECT_EQ(admin("GET", "/_sim/logs/streams/db-SHOPMYSQL/events", {{"start_ms", "0"}, {"end_ms", "1"}}).status, 404);
  EXPECT_EQ(admin("POST", "/_sim/logs/streams/db-NOSUCHSTREAM/delete").status, 404);
  EXPECT_EQ(admin("POST", "/_sim/logs/streams/db-QUIETMYSQL/pause").status, 404);
  EXPECT_EQ(admin("GET", "/_sim/logs/streams/db-PAYMENTSPG/delete").status, 405);
}

TEST_F(SimLogs, APausedStreamWritesNothingUntilResumedAndTheGapStays) {
  const std::int64_t paused_at = now_ms();  // 12:10:00
  const HttpReply paused = admin("POST", "/_sim/logs/streams/db-SHOPMYSQL/pause");
  EXPECT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(Json::parse(paused.body)["at_ms"], paused_at);
  advance(std::chrono::minutes{5});
  EXPECT_EQ(ok("FilterLogEvents", stream_request("db-SHOPMYSQL"))["events"].size(), 71u);
  // The stream still exists.
  EXPECT_EQ(ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"},
                                      {"logStreamNamePrefix", "db-SHOP"}})["logStreams"][0]["lastEventTimestamp"],
            paused_at);
  advance(std::chrono::seconds{30});  // 12:15:30
  EXPECT_EQ(admin("POST", "/_sim/logs/streams/db-SHOPMYSQL/resume").status, 200);
  advance(std::chrono::minutes{3});  // 12:18:30
  const Json events = ok("FilterLogEvents", stream_request("db-SHOPMYSQL"))["events"];
  const std::vector<std::int64_t> times = timestamps(events);
  ASSERT_EQ(times.size(), 74u);
  EXPECT_EQ(times[70], paused_at);
  EXPECT_EQ(times[71], kOriginMs + 16 * 60'000);
  EXPECT_EQ(times[73], kOriginMs + 18 * 60'000);

  // The admin API lists exactly what FilterLogEvents returns.
  const HttpReply listed = admin("GET", "/_sim/logs/streams/db-SHOPMYSQL/events",
                                 {{"start_ms", std::to_string(kOriginMs)}, {"end_ms", std::to_string(now_ms())}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  const Json admin_events = Json::parse(listed.body)["events"];
  ASSERT_EQ(admin_events.size(), 14u);
  for (std::size_t i = 0; i < admin_events.size(); ++i) {
    EXPECT_EQ(admin_events[i]["timestamp"], events[60 + i]["timestamp"]);
    EXPECT_EQ(admin_events[i]["message"], events[60 + i]["message"]);
  }
  EXPECT_EQ(admin("GET", "/_sim/logs/streams/db-SHOPMYSQL/events", {{"start_ms", "x"}, {"end_ms", "1"}}).status, 400);
}

TEST_F(SimLogs, ACallerSeesOnlyTheStreamsOfItsScope) {
  const Json mine = ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}}, "member", "eu-west-1");
  ASSERT_EQ(mine["logStreams"].size(), 1u);
  EXPECT_EQ(mine["logStreams"][0]["logStreamName"], "db-FARPG");
  EXPECT_EQ(mine["logStreams"][0]["arn"],
            "arn:aws:logs:eu-west-1:210000000002:log-group:RDSOSMetrics:log-stream:db-FARPG");
  EXPECT_EQ(ok("FilterLogEvents", {{"logGroupName", "RDSOSMetrics"}}, "member", "eu-west-1")["events"].size(), 71u);
  EXPECT_EQ(error("FilterLogEvents", stream_request("db-SHOPMYSQL"), 400, "member", "eu-west-1"),
            "ResourceNotFoundException");
  EXPECT_EQ(error("FilterLogEvents", stream_request("db-FARPG")), "ResourceNotFoundException");
  const auto scoped = stats_.scoped_snapshot();
  EXPECT_EQ(scoped.at("210000000002").at("eu-west-1").at("logs").at("FilterLogEvents").at("200"), 1u);
  EXPECT_EQ(
      scoped.at("123456789012").at("ap-northeast-2").at("logs").at("FilterLogEvents").at("ResourceNotFoundException"),
      1u);
}

TEST_F(SimLogs, DocumentsAreAPureFunctionOfInstanceAndTime) {
  const Json first = ok("FilterLogEvents", stream_request("db-PAYMENTSPG"));
  advance(std::chrono::minutes{1});
  const Json again = ok("FilterLogEvents", stream_request("db-PAYMENTSPG"));
  for (std::size_t i = 0; i < first["events"].size(); ++i) EXPECT_EQ(first["events"][i], again["events"][i]);
  const DbInstance& instance = *fleets_.current()->find_instance("payments-pg");
  EXPECT_EQ(first["events"][0]["message"], logs::os_metrics_document(instance, (kOriginMs - kHourMs) / 1000));
  // Samples move.
  std::set<double> cpu;
  std::set<std::int64_t> free;
  for (const auto& event : first["events"]) {
    const Json document = Json::parse(event["message"].get<std::string>());
    cpu.insert(document["cpuUtilization"]["total"].get<double>());
    free.insert(document["memory"]["free"].get<std::int64_t>());
    EXPECT_EQ(document["processList"][0]["id"],
              Json::parse(first["events"][0]["message"].get<std::string>())["processList"][0]["id"]);
  }
  EXPECT_GT(cpu.size(), first["events"].size() / 2);
  EXPECT_GT(free.size(), first["events"].size() / 2);
}

std::set<std::string> keys_of(const Json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

Json document_at(const Fleet& fleet, std::string_view id, std::int64_t time) {
  return Json::parse(logs::os_metrics_document(*fleet.find_instance(id), time));
}

TEST_F(SimLogs, LinuxDocumentsFollowAwsSchema) {
  for (std::int64_t time = kOriginMs / 1000; time < kOriginMs / 1000 + 3600; time += 60) {
    const Json doc = document_at(*fleets_.current(), "shop-mysql", time);
    EXPECT_EQ(keys_of(doc),
              (std::set<std::string>{"engine", "instanceID", "instanceResourceID", "timestamp", "version", "uptime",
                                     "numVCPUs", "cpuUtilization", "loadAverageMinute", "memory", "tasks", "swap",
                                     "network", "diskIO", "physicalDeviceIO", "fileSys", "processList"}));
    EXPECT_EQ(doc["version"], 1);
    EXPECT_EQ(doc["numVCPUs"], 2);
    const Json& cpu = doc["cpuUtilization"];
    EXPECT_EQ(keys_of(cpu),
              (std::set<std::string>{"guest", "idle", "irq", "nice", "steal", "system", "total", "user", "wait"}));
    const double modes = cpu["guest"].get<double>() + cpu["idle"].get<double>() + cpu["irq"].get<double>() +
                         cpu["nice"].get<double>() + cpu["steal"].get<double>() + cpu["system"].get<double>() +
                         cpu["user"].get<double>() + cpu["wait"].get<double>();
    EXPECT_NEAR(modes, 100.0, 0.011);
    EXPECT_NEAR(cpu["total"].get<double>(), 100.0 - cpu["idle"].get<double>(), 0.011);
    const Json& memory = doc["memory"];
    EXPECT_EQ(memory.size(), 16u);
    EXPECT_LE(memory["free"].get<std::int64_t>(), memory["total"].get<std::int64_t>());
    EXPECT_EQ(memory["total"], 16LL << 20);
    const Json& tasks = doc["tasks"];
    EXPECT_EQ(tasks["total"].get<std::int64_t>(),
              tasks["blocked"].get<std::int64_t>() + tasks["running"].get<std::int64_t>() +
                  tasks["sleeping"].get<std::int64_t>() + tasks["stopped"].get<std::int64_t>() +
                  tasks["zombie"].get<std::int64_t>());
    EXPECT_LE(doc["swap"]["free"].get<std::int64_t>(), doc["swap"]["total"].get<std::int64_t>());
    EXPECT_EQ(doc["diskIO"].size(), 2u);
    EXPECT_EQ(doc["diskIO"][0]["device"], "rdsdev");
    EXPECT_EQ(doc["diskIO"][1]["device"], "filesystem");
    EXPECT_EQ(keys_of(doc["diskIO"][0]),
              (std::set<std::string>{"device", "avgQueueLen", "avgReqSz", "await", "readIOsPS", "readKb", "readKbPS",
                                     "rrqmPS", "tps", "util", "writeIOsPS", "writeKb", "writeKbPS", "wrqmPS"}));
    EXPECT_EQ(doc["physicalDeviceIO"].size(), 1u);
    EXPECT_EQ(doc["physicalDeviceIO"][0]["device"], "nvme1n1");
    ASSERT_EQ(doc["fileSys"].size(), 2u);
    EXPECT_EQ(doc["fileSys"][0]["mountPoint"], "/rdsdbdata");
    EXPECT_EQ(doc["fileSys"][1]["mountPoint"], "/");
    for (const auto& fs : doc["fileSys"]) EXPECT_LE(fs["used"].get<std::int64_t>(), fs["total"].get<std::int64_t>());
    const Json& processes = doc["processList"];
    ASSERT_EQ(processes.size(), 8u);
    int unlimited = 0;
    std::set<std::string> names;
    for (const auto& process : processes) {
      EXPECT_EQ(keys_of(process), (std::set<std::string>{"name", "id", "parentID", "tgid", "cpuUsedPc", "memoryUsedPc",
                                                         "rss", "vss", "vmlimit"}));
      if (process["vmlimit"] == "unlimited")
        ++unlimited;
      else
        EXPECT_EQ(process["vmlimit"], 0);
      names.insert(process["name"]);
    }
    EXPECT_EQ(unlimited, 1);
    EXPECT_TRUE(names.contains("OS processes") && names.contains("RDS processes") && names.contains("mysqld"));
  }
  EXPECT_EQ(document_at(*fleets_.current(), "payments-pg", 0)["engine"], "POSTGRES");
  EXPECT_EQ(document_at(*fleets_.current(), "payments-pg", kOriginMs / 1000)["timestamp"], "2026-11-25T12:00:00Z");
}

TEST_F(SimLogs, AuroraDocumentsHaveTheClusterVolumeWithoutADevice) {
  const Json mysql = document_at(*fleets_.current(), "orders-aurora-1", kOriginMs / 1000);
  EXPECT_EQ(mysql["engine"], "Aurora");
  EXPECT_EQ(document_at(*fleets_.current(), "ledger-aurora-1", kOriginMs / 1000)["engine"], "aurora-postgresql");
  EXPECT_FALSE(mysql.contains("physicalDeviceIO"));
  ASSERT_EQ(mysql["diskIO"].size(), 2u);
  EXPECT_EQ(keys_of(mysql["diskIO"][0]),
            (std::set<std::string>{"readLatency", "writeLatency", "readThroughput", "writeThroughput", "readIOsPS",
                                   "writeIOsPS", "diskQueueDepth"}));
  EXPECT_EQ(mysql["diskIO"][1]["device"], "rdstemp");
  ASSERT_EQ(mysql["fileSys"].size(), 1u);
  EXPECT_EQ(mysql["fileSys"][0]["mountPoint"], "/rdsdbdata");
  EXPECT_EQ(mysql["processList"][0]["name"], "aurora");
}

TEST_F(SimLogs, SqlServerDocumentsUseTheWindowsSchema) {
  const Json doc = document_at(*fleets_.current(), "erp-sqlserver", kOriginMs / 1000);
  EXPECT_EQ(doc["engine"], "SQLSERVER");
  EXPECT_EQ(keys_of(doc), (std::set<std::string>{"engine", "instanceID", "instanceResourceID", "timestamp", "version",
                                                 "uptime", "numVCPUs", "cpuUtilization", "memory", "system", "disks",
                                                 "network", "processList"}));
  EXPECT_EQ(keys_of(doc["cpuUtilization"]), (std::set<std::string>{"idle", "kern", "user"}));
  EXPECT_NEAR(doc["cpuUtilization"]["idle"].get<double>() + doc["cpuUtilization"]["kern"].get<double>() +
                  doc["cpuUtilization"]["user"].get<double>(),
              100.0, 0.011);
  EXPECT_EQ(keys_of(doc["memory"]), (std::set<std::string>{"commitTotKb", "commitLimitKb", "commitPeakKb", "kernTotKb",
                                                           "kernPagedKb", "kernNonpagedKb", "pageSize", "physTotKb",
                                                           "physAvailKb", "sqlServerTotKb", "sysCacheKb"}));
  EXPECT_LE(doc["memory"]["physAvailKb"].get<std::int64_t>(), doc["memory"]["physTotKb"].get<std::int64_t>());
  EXPECT_EQ(keys_of(doc["system"]), (std::set<std::string>{"handles", "processes", "threads"}));
  ASSERT_EQ(doc["disks"].size(), 2u);
  for (const auto& disk : doc["disks"]) {
    EXPECT_EQ(disk["usedKb"].get<std::int64_t>() + disk["availKb"].get<std::int64_t>(),
              disk["totalKb"].get<std::int64_t>());
  }
  EXPECT_EQ(keys_of(doc["network"][0]), (std::set<std::string>{"interface", "rdBytesPS", "wrBytesPS"}));
  int without_pid = 0;
  int threads = 0;
  for (const auto& process : doc["processList"]) {
    if (!process.contains("pid")) ++without_pid;
    if (process.contains("tid")) ++threads;
    EXPECT_TRUE(process.contains("workingSetKb") && process.contains("virtKb") && process.contains("memUsedPc"));
  }
  EXPECT_EQ(doc["processList"].size(), 8u);
  EXPECT_EQ(without_pid, 2);
  EXPECT_EQ(threads, 2);
}

TEST_F(SimLogs, AStoppedInstanceHasAStreamWithoutEvents) {
  EXPECT_TRUE(ok("FilterLogEvents", stream_request("db-ARCHIVEMYSQL"))["events"].empty());
  const Json streams = ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}, {"logStreamNamePrefix", "db-ARCH"}});
  ASSERT_EQ(streams["logStreams"].size(), 1u);
  EXPECT_FALSE(streams["logStreams"][0].contains("lastEventTimestamp"));
}

TEST_F(SimLogs, DescribeLogStreamsOrdersAndPages) {
  const auto names = [](const Json& answer) {
    std::vector<std::string> out;
    for (const auto& stream : answer["logStreams"]) out.push_back(stream["logStreamName"]);
    return out;
  };
  const Json all = ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}});
  EXPECT_THAT(names(all), ElementsAre("db-ARCHIVEMYSQL", "db-ERPSQLSERVER", "db-LEDGERAURORA1", "db-ORDERSAURORA1",
                                      "db-PAYMENTSPG", "db-SHOPMYSQL"));
  EXPECT_FALSE(all.contains("nextToken"));
  const Json& shop = all["logStreams"][5];
  EXPECT_EQ(shop["firstEventTimestamp"], kOriginMs - kHourMs);
  EXPECT_EQ(shop["lastEventTimestamp"], kOriginMs + 600'000);
  EXPECT_GT(shop["lastIngestionTime"].get<std::int64_t>(), shop["lastEventTimestamp"].get<std::int64_t>());
  EXPECT_EQ(shop["storedBytes"], 0);
  EXPECT_THAT(names(ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}, {"descending", true}, {"limit", 2}})),
              ElementsAre("db-SHOPMYSQL", "db-PAYMENTSPG"));
  // The newest event last: every stream but the stopped one has one at 12:10:00.
  advance(std::chrono::seconds{5});
  EXPECT_THAT(
      names(ok("DescribeLogStreams",
               {{"logGroupName", "RDSOSMetrics"}, {"orderBy", "LastEventTime"}, {"descending", true}, {"limit", 1}})),
      ElementsAre("db-ORDERSAURORA1"));
  Json body = {{"logGroupName", "RDSOSMetrics"}, {"limit", 4}};
  const Json first = ok("DescribeLogStreams", body);
  ASSERT_TRUE(first.contains("nextToken"));
  body["nextToken"] = first["nextToken"];
  const Json second = ok("DescribeLogStreams", body);
  EXPECT_THAT(names(second), ElementsAre("db-PAYMENTSPG", "db-SHOPMYSQL"));
  EXPECT_FALSE(second.contains("nextToken"));
}

TEST_F(SimLogs, CallersNeedTheOperationsIamAction) {
  EXPECT_EQ(error("FilterLogEvents", stream_request("db-SHOPMYSQL"), 400, "streams-only"), "AccessDeniedException");
  EXPECT_EQ(last_message_,
            "User: arn:aws:iam::123456789012:user/streams-only is not authorized to perform: logs:FilterLogEvents on "
            "resource: arn:aws:logs:ap-northeast-2:123456789012:log-group:RDSOSMetrics:* because no identity-based "
            "policy allows the logs:FilterLogEvents action");
  ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}}, "streams-only");
  EXPECT_EQ(error("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}}, 400, "rds-only"), "AccessDeniedException");
  EXPECT_EQ(error("GetLogEvents", {{"logGroupName", "RDSOSMetrics"}}), "UnknownOperationException");
  EXPECT_EQ(count("FilterLogEvents", "AccessDeniedException"), 1u);
  EXPECT_EQ(count("DescribeLogStreams", "AccessDeniedException"), 1u);
  EXPECT_EQ(count("DescribeLogStreams", "200"), 1u);
}

TEST_F(SimLogs, FaultRulesForLogsThrottleAndFailIt) {
  faults_.replace(std::get<FaultPlan>(
      parse_fault_plan_json(R"({"rules": [{"service": "logs", "operation": "FilterLogEvents", "throttle": 1}]})")));
  EXPECT_EQ(error("FilterLogEvents", stream_request("db-SHOPMYSQL")), "ThrottlingException");
  ok("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}});
  EXPECT_EQ(count("FilterLogEvents", "fault:Throttling"), 1u);
  faults_.replace(std::get<FaultPlan>(parse_fault_plan_json(R"({"rules": [{"service": "logs", "server_error": 1}]})")));
  EXPECT_EQ(error("DescribeLogStreams", {{"logGroupName", "RDSOSMetrics"}}, 500), "ServiceUnavailableException");
}

TEST_F(SimLogs, TheAdminApiRoutesLogsPathsAndCountsLogsRequests) {
  ok("FilterLogEvents", stream_request("db-SHOPMYSQL"));
  const Json stats = Json::parse(admin("GET", "/_sim/stats").body);
  EXPECT_EQ(stats["requests"]["logs"]["FilterLogEvents"]["200"], 1);
  const Json scopes = Json::parse(admin("GET", "/_sim/stats/scopes").body);
  EXPECT_EQ(scopes["scopes"]["123456789012"]["ap-northeast-2"]["logs"]["FilterLogEvents"]["200"], 1);
  EXPECT_EQ(Json::parse(admin("GET", "/_sim/logs/settings").body)["empty_first_page"], false);
  EXPECT_EQ(admin("POST", "/_sim/logs/streams/db-SHOPMYSQL/frobnicate").status, 404);
}

}  // namespace
}  // namespace rds_exporter::sim
