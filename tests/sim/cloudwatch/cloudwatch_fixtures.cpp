#include "cloudwatch_fixtures.h"

#include "sim/cloudwatch/json_reply.h"
#include "sim/common/iso8601.h"
#include "sim/protocol/query_parameters.h"

#include <charconv>
#include <cstdio>

namespace rds_exporter::sim::cloudwatch::testing {
namespace {

using namespace std::chrono;

constexpr sys_seconds kCreated = sys_days{2024y / 1 / 1};

DbInstance instance(std::string id, std::string engine, std::string version, std::string instance_class) {
  DbInstance db;
  db.identifier = std::move(id);
  db.engine = std::move(engine);
  db.engine_version = std::move(version);
  db.instance_class = std::move(instance_class);
  db.availability_zone = "us-east-1a";
  db.storage_type = "gp3";
  db.allocated_storage = 100;
  db.create_time = kCreated;
  return db;
}

DbInstance member(std::string id, std::string engine, std::string version, std::string cluster, bool writer) {
  DbInstance db = instance(std::move(id), std::move(engine), std::move(version), "db.r6g.large");
  db.storage_type = "aurora";
  db.cluster_identifier = std::move(cluster);
  db.cluster_writer = writer;
  return db;
}

DbCluster cluster(std::string id, std::string engine, std::string version) {
  DbCluster c;
  c.identifier = std::move(id);
  c.engine = std::move(engine);
  c.engine_version = std::move(version);
  c.create_time = kCreated;
  return c;
}

bool is_whole_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc{} && end == text.data() + text.size();
}

nlohmann::json scalar(const std::string& name, const std::string& value) {
  if (name == "StartTime" || name == "EndTime") {
    if (const auto time = parse_iso8601(value)) return time->time_since_epoch().count();
  }
  if (value == "true") return true;
  if (value == "false") return false;
  if (is_whole_number(value)) return std::stoll(value);
  return value;
}

// Sets `value` at the dotted `path` below `node`, "member.N" stepping into an array.
void place(nlohmann::json& node, std::string_view path, const std::string& name, const std::string& value) {
  const std::size_t dot = path.find('.');
  const std::string head(path.substr(0, dot));
  if (dot == std::string_view::npos) {
    node[head] = scalar(name, value);
    return;
  }
  std::string_view rest = path.substr(dot + 1);
  if (rest.starts_with("member.")) {
    rest.remove_prefix(7);
    const std::size_t index_end = rest.find('.');
    const std::size_t index = std::stoul(std::string(rest.substr(0, index_end))) - 1;
    nlohmann::json& array = node[head];
    if (!array.is_array()) array = nlohmann::json::array();
    while (array.size() <= index) array.push_back(nlohmann::json::object());
    if (index_end == std::string_view::npos) {
      array[index] = scalar(name, value);
    } else {
      place(array[index], rest.substr(index_end + 1), name, value);
    }
    return;
  }
  place(node[head], rest, name, value);
}

}  // namespace

std::int64_t test_now() { return sys_seconds{sys_days{2026y / 11 / 25} + 12h}.time_since_epoch().count(); }

std::string numbered(std::string_view prefix, int number) {
  std::string text(prefix);
  text += std::to_string(number);
  return text;
}

sys_seconds at(std::int64_t seconds) { return sys_seconds{std::chrono::seconds{seconds}}; }

std::string iso(std::int64_t seconds) { return iso8601(at(seconds)); }

Fleet test_fleet() {
  std::vector<DbInstance> instances;
  auto& pg = instances.emplace_back(instance("pg-prod-1", "postgres", "16.4", "db.r5.large"));
  pg.performance_insights_enabled = true;
  auto& replica = instances.emplace_back(instance("pg-replica-1", "postgres", "16.4", "db.t3.medium"));
  replica.read_replica_source = "pg-prod-1";
  replica.storage_type = "gp2";
  instances.push_back(instance("mysql-prod-1", "mysql", "8.0.39", "db.m6gd.large"));
  instances.emplace_back(instance("mysql-stopped", "mysql", "8.0.39", "db.r5.large")).status = "stopped";
  instances.push_back(member("orders-aurora-1", "aurora-mysql", "8.0.mysql_aurora.3.07.1", "orders-aurora", true));
  instances.push_back(member("orders-aurora-2", "aurora-mysql", "8.0.mysql_aurora.3.07.1", "orders-aurora", false));
  instances.push_back(member("pg-aurora-1", "aurora-postgresql", "16.4", "pg-aurora", true));
  instances.push_back(member("graph-1", "neptune", "1.3.2.1", "graph", true));
  std::vector<DbCluster> clusters = {cluster("orders-aurora", "aurora-mysql", "8.0.mysql_aurora.3.07.1"),
                                     cluster("pg-aurora", "aurora-postgresql", "16.4"),
                                     cluster("graph", "neptune", "1.3.2.1")};
  return Fleet("123456789012", "us-east-1", {}, std::move(clusters), std::move(instances));
}

Fleet fleet_of_postgres_instances(int count) {
  std::vector<DbInstance> instances;
  for (int i = 1; i <= count; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "db-%04d", i);
    instances.push_back(instance(id, "postgres", "16.4", "db.r5.large"));
  }
  return Fleet("123456789012", "us-east-1", {}, {}, std::move(instances));
}

common::QueryParams get_metric_data_params(const std::vector<QuerySpec>& queries, std::int64_t start, std::int64_t end,
                                           const common::QueryParams& extra) {
  common::QueryParams params = {{"Action", "GetMetricData"}, {"Version", "2010-08-01"}};
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const std::string prefix = "MetricDataQueries.member." + std::to_string(i + 1) + ".";
    const QuerySpec& query = queries[i];
    params.emplace_back(prefix + "Id", query.id);
    params.emplace_back(prefix + "MetricStat.Metric.Namespace", "AWS/RDS");
    params.emplace_back(prefix + "MetricStat.Metric.MetricName", query.metric);
    params.emplace_back(prefix + "MetricStat.Metric.Dimensions.member.1.Name", "DBInstanceIdentifier");
    params.emplace_back(prefix + "MetricStat.Metric.Dimensions.member.1.Value", query.instance);
    params.emplace_back(prefix + "MetricStat.Period", query.period);
    params.emplace_back(prefix + "MetricStat.Stat", query.stat);
  }
  params.emplace_back("StartTime", iso(start));
  params.emplace_back("EndTime", iso(end));
  params.insert(params.end(), extra.begin(), extra.end());
  return params;
}

nlohmann::json json_body(const common::QueryParams& params) {
  nlohmann::json body = nlohmann::json::object();
  for (const auto& [name, value] : params) {
    if (name == "Action" || name == "Version") continue;
    place(body, name, name, value);
  }
  return body;
}

CloudWatchClient::CloudWatchClient(Fleet fleet, std::int64_t now)
    : fleet_(std::move(fleet)),
      now_(now),
      service_([this] { return std::chrono::system_clock::time_point(std::chrono::seconds(now_)); }, usage_) {}

OperationOutcome CloudWatchClient::query(const common::QueryParams& params) const {
  const QueryParameters parameters(params);
  const QueryOperation* operation = service_.find_operation(*parameters.find("Action"));
  return operation->invoke(OperationCall{parameters, fleet_, "11111111-2222-4333-8444-555555555555"});
}

HttpReply CloudWatchClient::json(const common::QueryParams& params, bool query_mode) const {
  return json_body(*QueryParameters(params).find("Action"), testing::json_body(params).dump(), query_mode);
}

HttpReply CloudWatchClient::json_body(std::string_view operation, std::string_view body, bool query_mode) const {
  const auto* found = service_.find_json_operation("GraniteServiceVersion20100801." + std::string(operation));
  return json_reply(service_.invoke_json(*found, body, fleet_, "11111111-2222-4333-8444-555555555555"), query_mode);
}

}  // namespace rds_exporter::sim::cloudwatch::testing
