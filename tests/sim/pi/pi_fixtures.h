#pragma once

#include "sim/fleet/fleet.h"
#include "sim/pi/pi_service.h"
#include "sim/protocol/api_error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace rds_exporter::sim::pi::testing {

// 2026-11-25T12:00:00Z: the simulator's clock in these tests.
std::int64_t test_now();

// An account covering what Performance Insights answers depend on, every instance with Performance Insights on
// unless said otherwise, created 2024-01-01 unless said otherwise:
//   shop-mysql       mysql 8.0                  DbiResourceId db-SHOPMYSQL
//   shop-mariadb     mariadb                    db-SHOPMARIADB
//   orders-aurora-1  aurora-mysql writer        db-ORDERSAURORA1
//   payments-pg      postgres                   db-PAYMENTSPG
//   ledger-aurora-1  aurora-postgresql writer   db-LEDGERAURORA1
//   erp-oracle       oracle-ee                  db-ERPORACLE
//   legacy-mysql     mysql, Performance Insights off   db-LEGACYMYSQL
//   archive-pg       postgres, stopped          db-ARCHIVEPG
//   fresh-pg         postgres created 2026-11-25T11:30:00Z   db-FRESHPG
//   graph-1          neptune                    db-GRAPH1
// Principals: "exporter" (pi:GetResourceMetrics, pi:ListAvailableResourceMetrics), "metrics-only"
// (pi:GetResourceMetrics) and "rds-only" (rds:Describe*).
Fleet test_fleet();

// Calls Performance Insights operations as the JSON endpoint would once the caller is authenticated: the
// operation's own authorisation, then the operation.
class PiClient {
 public:
  explicit PiClient(std::int64_t now = test_now());
  PiClient(const PiClient&) = delete;
  PiClient& operator=(const PiClient&) = delete;

  OperationOutcome call(std::string_view operation, const nlohmann::json& body,
                        std::string_view principal = "exporter") const;
  // The answer's document, failing the test on an error.
  nlohmann::json document(std::string_view operation, const nlohmann::json& body) const;
  // The error answered, failing the test on a document.
  ApiError error(std::string_view operation, const nlohmann::json& body, std::string_view principal = "exporter") const;

  void set_now(std::int64_t now) { now_ = now; }
  const Fleet& fleet() const { return fleet_; }
  const PiService& service() const { return service_; }

 private:
  Fleet fleet_;
  std::int64_t now_;
  PiService service_;
};

// A GetResourceMetrics body for `metrics` of the instance with DbiResourceId `identifier` over [start, end).
nlohmann::json metrics_request(std::string_view identifier, const std::vector<std::string>& metrics, std::int64_t start,
                               std::int64_t end, std::int64_t period = 60);

}  // namespace rds_exporter::sim::pi::testing
