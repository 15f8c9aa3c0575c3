#include "pi_fixtures.h"

#include "sim/fleet/fleet_loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

namespace rds_exporter::sim::pi::testing {
namespace {

constexpr std::string_view kFleet = R"(
principals:
  - name: exporter
    access_key_id: AKIAPITESTEXPORTER01
    secret_access_key: piTestExporterSecretKey000000000000000001
    allow: [pi:GetResourceMetrics, pi:ListAvailableResourceMetrics]
  - name: metrics-only
    access_key_id: AKIAPITESTMETRICS001
    secret_access_key: piTestMetricsSecretKey0000000000000000001
    allow: [pi:GetResourceMetrics]
  - name: rds-only
    access_key_id: AKIAPITESTRDSONLY001
    secret_access_key: piTestRdsOnlySecretKey0000000000000000001
    allow: ["rds:Describe*"]
clusters:
  - id: orders-aurora
    engine: aurora-mysql
  - id: ledger-aurora
    engine: aurora-postgresql
  - id: graph
    engine: neptune
instances:
  - {id: shop-mysql, engine: mysql, class: db.r6g.large, performance_insights: true, dbi_resource_id: db-SHOPMYSQL,
     created: 2024-01-01T00:00:00Z}
  - {id: shop-mariadb, engine: mariadb, class: db.r6g.large, performance_insights: true,
     dbi_resource_id: db-SHOPMARIADB, created: 2024-01-01T00:00:00Z}
  - {id: orders-aurora-1, cluster: orders-aurora, cluster_writer: true, class: db.r6g.large,
     performance_insights: true, dbi_resource_id: db-ORDERSAURORA1, created: 2024-01-01T00:00:00Z}
  - {id: payments-pg, engine: postgres, class: db.r6g.large, performance_insights: true,
     dbi_resource_id: db-PAYMENTSPG, created: 2024-01-01T00:00:00Z}
  - {id: ledger-aurora-1, cluster: ledger-aurora, cluster_writer: true, class: db.r6g.large,
     performance_insights: true, dbi_resource_id: db-LEDGERAURORA1, created: 2024-01-01T00:00:00Z}
  - {id: erp-oracle, engine: oracle-ee, class: db.r6i.large, performance_insights: true,
     dbi_resource_id: db-ERPORACLE, created: 2024-01-01T00:00:00Z}
  - {id: legacy-mysql, engine: mysql, class: db.t3.medium, dbi_resource_id: db-LEGACYMYSQL,
     created: 2024-01-01T00:00:00Z}
  - {id: archive-pg, engine: postgres, class: db.t4g.medium, status: stopped, performance_insights: true,
     dbi_resource_id: db-ARCHIVEPG, created: 2024-01-01T00:00:00Z}
  - {id: fresh-pg, engine: postgres, class: db.t4g.medium, performance_insights: true, dbi_resource_id: db-FRESHPG,
     created: 2026-11-25T11:30:00Z}
  - {id: graph-1, cluster: graph, cluster_writer: true, class: db.r6g.large, performance_insights: true,
     dbi_resource_id: db-GRAPH1, created: 2024-01-01T00:00:00Z}
)";

const Principal& principal_named(const Fleet& fleet, std::string_view name) {
  for (const Principal& principal : fleet.principals()) {
    if (principal.name == name) return principal;
  }
  throw std::invalid_argument("no principal " + std::string(name));
}

}  // namespace

std::int64_t test_now() {
  using namespace std::chrono;
  return duration_cast<seconds>((sys_days{year{2026} / 11 / 25} + hours{12}).time_since_epoch()).count();
}

Fleet test_fleet() {
  auto loaded = parse_fleet(std::string(kFleet), "pi_test.yaml", "ap-northeast-2");
  if (const auto* problems = std::get_if<std::vector<std::string>>(&loaded)) {
    std::string all;
    for (const auto& problem : *problems) all += problem + "\n";
    throw std::runtime_error("the test fleet has problems:\n" + all);
  }
  return std::get<Fleet>(std::move(loaded));
}

PiClient::PiClient(std::int64_t now)
    : fleet_(test_fleet()),
      now_(now),
      service_([this] { return std::chrono::system_clock::time_point(std::chrono::seconds(now_)); }) {}

OperationOutcome PiClient::call(std::string_view operation, const nlohmann::json& body,
                                std::string_view principal) const {
  const JsonOperation* found = service_.find_operation(operation);
  if (found == nullptr) throw std::invalid_argument("no operation " + std::string(operation));
  const std::string text = body.dump();
  const JsonCall call{text, fleet_, "test-request", principal_named(fleet_, principal)};
  if (auto denied = found->deny(call)) return *denied;
  return found->invoke(call);
}

nlohmann::json PiClient::document(std::string_view operation, const nlohmann::json& body) const {
  const OperationOutcome outcome = call(operation, body);
  if (const auto* error = std::get_if<ApiError>(&outcome)) {
    ADD_FAILURE() << "expected a document, got " << error->code << ": " << error->message;
    return {};
  }
  return nlohmann::json::parse(std::get<std::string>(outcome));
}

ApiError PiClient::error(std::string_view operation, const nlohmann::json& body, std::string_view principal) const {
  const OperationOutcome outcome = call(operation, body, principal);
  if (const auto* error = std::get_if<ApiError>(&outcome)) return *error;
  ADD_FAILURE() << "expected an error, got " << std::get<std::string>(outcome);
  return {};
}

nlohmann::json metrics_request(std::string_view identifier, const std::vector<std::string>& metrics, std::int64_t start,
                               std::int64_t end, std::int64_t period) {
  nlohmann::json queries = nlohmann::json::array();
  for (const std::string& metric : metrics) queries.push_back({{"Metric", metric}});
  return {{"ServiceType", "RDS"}, {"Identifier", identifier}, {"MetricQueries", queries},
          {"StartTime", start},   {"EndTime", end},           {"PeriodInSeconds", period}};
}

}  // namespace rds_exporter::sim::pi::testing
