#include "sim_fixtures.h"

#include "aws/sigv4/sigv4_signer.h"
#include "sim/fleet/fleet_loader.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rds_exporter::sim::testing {

Fleet fleet_from_yaml(const std::string& yaml) {
  auto loaded = parse_fleet(yaml, "test.yaml", kRegion);
  if (const auto* problems = std::get_if<std::vector<std::string>>(&loaded)) {
    std::string all;
    for (const auto& problem : *problems) all += problem + "\n";
    throw std::runtime_error("the test fleet has problems:\n" + all);
  }
  return std::get<Fleet>(std::move(loaded));
}

const Fleet& small_fleet() {
  static const Fleet fleet = [] {
    std::string yaml = R"(
principals:
  - name: rds-exporter
    access_key_id: AKIARDSSIMEXPORTER01
    secret_access_key: rdssimExporterSecretKey0000000000000001
    allow: [rds:DescribeDBInstances, rds:DescribeDBClusters, cloudwatch:GetMetricData]
  - name: rds-exporter-sts
    arn: arn:aws:sts::123456789012:assumed-role/rds-exporter/rds-exporter-sts
    access_key_id: ASIARDSSIMEXPORTER01
    secret_access_key: rdssimExporterSessionSecretKey000000001
    session_token: rdssim-session-token-valid
    expiration: 2099-01-01T00:00:00Z
    allow: ["rds:Describe*"]
  - name: no-rights
    access_key_id: AKIARDSSIMNORIGHTS01
    secret_access_key: rdssimNoRightsSecretKey0000000000000001
  - name: expired-session
    access_key_id: ASIARDSSIMEXPIRED001
    secret_access_key: rdssimExpiredSessionSecretKey0000000001
    session_token: rdssim-session-token-expired
    expiration: 2024-01-01T00:00:00Z
    allow: ["*"]
clusters:
  - id: orders-aurora
    engine: aurora-mysql
    tags: {env: prd, team: orders}
instances:
  - id: orders-aurora-1
    cluster: orders-aurora
    cluster_writer: true
    class: db.r7g.large
    availability_zone: a
    tags: {env: prd}
  - id: orders-aurora-2
    cluster: orders-aurora
    class: db.r7g.large
    availability_zone: b
  - id: payments-db
    engine: postgres
    class: db.r6g.large
    multi_az: true
    performance_insights: true
    monitoring_interval: 60
    tags: {env: prd, team: payments}
  - id: payments-db-replica
    engine: postgres
    class: db.r6g.large
    replica_of: payments-db
    tags: {env: prd, team: payments}
  - id: billing-mysql
    engine: mysql
    class: db.m6g.large
    storage_type: io1
    iops: 6000
    tags: {notes: "R&D <legacy> \"x\" 'y'"}
  - id: search-mariadb
    engine: mariadb
    class: db.t4g.medium
)";
    return fleet_from_yaml(yaml);
  }();
  return fleet;
}

QueryParameters params(std::vector<std::pair<std::string, std::string>> entries) {
  return QueryParameters(std::move(entries));
}

std::string document_of(const OperationOutcome& outcome) {
  if (const auto* error = std::get_if<ApiError>(&outcome)) {
    ADD_FAILURE() << "expected a document, got " << error->code << ": " << error->message;
    return "";
  }
  return std::get<std::string>(outcome);
}

ApiError error_of(const OperationOutcome& outcome) {
  if (const auto* error = std::get_if<ApiError>(&outcome)) return *error;
  ADD_FAILURE() << "expected an error, got a document";
  return {};
}

std::vector<std::string> element_texts(std::string_view xml, std::string_view name) {
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) about "<" + std::string(...).
  std::string open = "<";
  open.append(name).append(">");
  std::string close = "</";
  close.append(name).append(">");
  std::vector<std::string> texts;
  for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const std::size_t from = at + open.size();
    const std::size_t to = xml.find(close, from);
    if (to == std::string_view::npos) break;
    texts.emplace_back(xml.substr(from, to - from));
  }
  return texts;
}

namespace {

common::HttpRequest signed_copy(common::HttpRequest request, const Principal& principal, std::string_view service,
                                std::chrono::system_clock::time_point time, std::string_view region) {
  aws::SigningParams signing;
  signing.region = std::string(region);
  signing.service = std::string(service);
  signing.time = time;
  aws::SigV4Signer().sign(request, {principal.access_key_id, principal.secret_access_key, principal.session_token},
                          signing);
  return request;
}

}  // namespace

common::HttpRequest signed_request(const Principal& principal, std::string body, std::string_view service,
                                   std::chrono::system_clock::time_point time, std::string_view region) {
  return signed_copy(
      {"POST",
       "/",
       {},
       {{"Host", "127.0.0.1:9044"}, {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
       std::move(body)},
      principal, service, time, region);
}

common::HttpRequest signed_json_request(const Principal& principal, std::string_view target, std::string body,
                                        std::string_view service, std::string_view region,
                                        std::chrono::system_clock::time_point time) {
  return signed_copy({"POST",
                      "/",
                      {},
                      {{"Host", "127.0.0.1:9044"},
                       {"Content-Type", "application/x-amz-json-1.1"},
                       {"X-Amz-Target", std::string(target)}},
                      std::move(body)},
                     principal, service, time, region);
}

const Principal& principal(std::string_view name) { return principal_in(small_fleet(), name); }

const Principal& principal_in(const Fleet& fleet, std::string_view name) {
  for (const auto& principal : fleet.principals()) {
    if (principal.name == name) return principal;
  }
  throw std::invalid_argument("no principal " + std::string(name));
}

std::string form_encoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ':' || c == '/') {
      out += c == ':' ? "%3A" : "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

std::string assume_role_body(std::string_view role_arn, std::string_view extra) {
  return "Action=AssumeRole&Version=2011-06-15&RoleArn=" + form_encoded(role_arn) + "&RoleSessionName=unit" +
         std::string(extra);
}

Principal session_of(std::string_view xml) {
  Principal session;
  session.access_key_id = element_texts(xml, "AccessKeyId").at(0);
  session.secret_access_key = element_texts(xml, "SecretAccessKey").at(0);
  session.session_token = element_texts(xml, "SessionToken").at(0);
  return session;
}

}  // namespace rds_exporter::sim::testing
