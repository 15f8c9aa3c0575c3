#include "sim/fleet/fleet_generator.h"
#include "sim/rds/describe_db_instances.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using testing::document_of;
using testing::element_texts;
using ::testing::ElementsAre;
using testing::error_of;
using testing::params;
using Pairs = std::vector<std::pair<std::string, std::string>>;

OperationOutcome describe(const Fleet& fleet, Pairs entries) {
  const QueryParameters query = params(std::move(entries));
  return DescribeDbInstances().invoke({query, fleet, "request-1"});
}

std::vector<std::string> identifiers(const Fleet& fleet, Pairs entries) {
  return element_texts(document_of(describe(fleet, std::move(entries))), "DBInstanceIdentifier");
}

std::vector<std::string> filtered(Pairs filter_entries) { return identifiers(testing::small_fleet(), filter_entries); }

const Fleet& generated_fleet() {
  static const Fleet fleet = [] {
    GeneratorOptions options;
    options.instance_count = 250;
    return generate_fleet(options);
  }();
  return fleet;
}

// Every identifier a client gets by following the markers, and how many pages it took.
std::pair<std::vector<std::string>, int> page_through(const Fleet& fleet, const std::string& max_records,
                                                      Pairs extra = {}) {
  std::vector<std::string> all;
  std::string marker;
  int pages = 0;
  do {
    Pairs request = extra;
    request.emplace_back("MaxRecords", max_records);
    if (!marker.empty()) request.emplace_back("Marker", marker);
    const std::string document = document_of(describe(fleet, request));
    const auto page = element_texts(document, "DBInstanceIdentifier");
    EXPECT_LE(page.size(), std::stoul(max_records));
    all.insert(all.end(), page.begin(), page.end());
    const auto markers = element_texts(document, "Marker");
    marker = markers.empty() ? "" : markers.front();
    ++pages;
  } while (!marker.empty() && pages < 1000);
  return {all, pages};
}

std::vector<std::string> all_identifiers(const Fleet& fleet) {
  std::vector<std::string> ids;
  for (const auto& instance : fleet.instances()) ids.push_back(instance.identifier);
  return ids;
}

TEST(SimDescribeDbInstances, ListsEveryInstanceSortedByIdentifierWithoutAMarkerWhenAllFit) {
  const std::string document = document_of(describe(testing::small_fleet(), {}));
  EXPECT_THAT(element_texts(document, "DBInstanceIdentifier"),
              ElementsAre("billing-mysql", "orders-aurora-1", "orders-aurora-2", "payments-db", "payments-db-replica",
                          "search-mariadb"));
  EXPECT_TRUE(element_texts(document, "Marker").empty());
  EXPECT_TRUE(
      document.starts_with("<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">\n"
                           "  <DescribeDBInstancesResult>\n"
                           "    <DBInstances>\n"
                           "      <DBInstance>\n"
                           "        <DBInstanceIdentifier>billing-mysql</DBInstanceIdentifier>\n"));
  EXPECT_TRUE(
      document.ends_with("  </DescribeDBInstancesResult>\n"
                         "  <ResponseMetadata>\n"
                         "    <RequestId>request-1</RequestId>\n"
                         "  </ResponseMetadata>\n"
                         "</DescribeDBInstancesResponse>\n"));
}

TEST(SimDescribeDbInstances, PagesThroughTheWholeFleetWithOpaqueMarkers) {
  const Fleet& fleet = generated_fleet();
  for (const auto& [max_records, expected_pages] : {std::pair{"20", 13}, {"100", 3}, {"37", 7}}) {
    const auto [ids, pages] = page_through(fleet, max_records);
    EXPECT_EQ(ids, all_identifiers(fleet)) << max_records;
    EXPECT_EQ(pages, expected_pages) << max_records;
  }
  const std::string document = document_of(describe(fleet, {{"MaxRecords", "20"}}));
  const std::string marker = element_texts(document, "Marker").at(0);
  EXPECT_EQ(marker.find(element_texts(document, "DBInstanceIdentifier").back()), std::string::npos)
      << "the marker must not read as an identifier: " << marker;
  EXPECT_LT(document.find("</DBInstances>"), document.find("<Marker>"));
}

TEST(SimDescribeDbInstances, DefaultsToPagesOfOneHundred) {
  const std::string document = document_of(describe(generated_fleet(), {}));
  EXPECT_EQ(element_texts(document, "DBInstanceIdentifier").size(), 100u);
  EXPECT_EQ(element_texts(document, "Marker").size(), 1u);
}

TEST(SimDescribeDbInstances, PagesThroughFilteredResults) {
  const Fleet& fleet = generated_fleet();
  std::vector<std::string> postgres;
  for (const auto& instance : fleet.instances()) {
    if (instance.engine == "postgres") postgres.push_back(instance.identifier);
  }
  ASSERT_GT(postgres.size(), 20u);
  EXPECT_EQ(
      page_through(fleet, "20", {{"Filters.Filter.1.Name", "engine"}, {"Filters.Filter.1.Values.Value.1", "postgres"}})
          .first,
      postgres);
}

TEST(SimDescribeDbInstances, AMarkerCarriesOnAfterItsInstanceEvenIfThatInstanceIsGone) {
  const std::string first_page = document_of(describe(testing::small_fleet(), {{"MaxRecords", "20"}}));
  EXPECT_TRUE(element_texts(first_page, "Marker").empty());
  // A marker from a larger fleet, ending at an identifier the small fleet does not have.
  const std::string generated_page = document_of(describe(generated_fleet(), {{"MaxRecords", "20"}}));
  const std::string marker = element_texts(generated_page, "Marker").at(0);
  const std::string last = element_texts(generated_page, "DBInstanceIdentifier").back();
  for (const auto& id : identifiers(testing::small_fleet(), {{"Marker", marker}})) EXPECT_GT(id, last);
}

TEST(SimDescribeDbInstances, RejectsMaxRecordsOutside20To100AsRdsDoes) {
  for (const std::string value : {"19", "101", "0", "-5", "abc", "", "20.5"}) {
    EXPECT_EQ(error_of(describe(testing::small_fleet(), {{"MaxRecords", value}})),
              (ApiError{400, "InvalidParameterValue",
                        "Invalid value " + value + " for MaxRecords. Must be between 20 and 100"}))
        << value;
  }
}

TEST(SimDescribeDbInstances, RejectsAMarkerItDidNotIssue) {
  for (const std::string marker : {"garbage", "b3JkZXJzLXByb2QtMQ==", "!!!!"}) {
    const ApiError error = error_of(describe(testing::small_fleet(), {{"Marker", marker}}));
    EXPECT_EQ(error.code, "InvalidParameterValue") << marker;
    EXPECT_EQ(error.http_status, 400);
  }
}

TEST(SimDescribeDbInstances, FindsOneInstanceByIdentifierInAnyCaseOrByArn) {
  EXPECT_THAT(filtered({{"DBInstanceIdentifier", "PAYMENTS-DB"}}), ElementsAre("payments-db"));
  EXPECT_THAT(filtered({{"DBInstanceIdentifier", "arn:aws:rds:ap-northeast-2:123456789012:db:search-mariadb"}}),
              ElementsAre("search-mariadb"));
}

TEST(SimDescribeDbInstances, AnswersDbInstanceNotFoundForAnUnknownIdentifier) {
  for (const std::string wanted : {"nope", "arn:aws:rds:us-east-1:123456789012:db:payments-db",
                                   "arn:aws:rds:ap-northeast-2:123456789012:cluster:orders-aurora"}) {
    EXPECT_EQ(error_of(describe(testing::small_fleet(), {{"DBInstanceIdentifier", wanted}})),
              (ApiError{404, "DBInstanceNotFound", "DBInstance " + wanted + " not found."}));
  }
}

TEST(SimDescribeDbInstances, FiltersByInstanceClusterEngineAndResourceId) {
  const Fleet& fleet = testing::small_fleet();
  EXPECT_THAT(
      filtered({{"Filters.Filter.1.Name", "db-instance-id"},
                {"Filters.Filter.1.Values.Value.1", "payments-db"},
                {"Filters.Filter.1.Values.Value.2", "arn:aws:rds:ap-northeast-2:123456789012:db:billing-mysql"}}),
      ElementsAre("billing-mysql", "payments-db"));
  EXPECT_THAT(
      filtered({{"Filters.Filter.1.Name", "db-cluster-id"}, {"Filters.Filter.1.Values.Value.1", "orders-aurora"}}),
      ElementsAre("orders-aurora-1", "orders-aurora-2"));
  EXPECT_THAT(
      filtered({{"Filters.Filter.1.Name", "db-cluster-id"},
                {"Filters.Filter.1.Values.Value.1", "arn:aws:rds:ap-northeast-2:123456789012:cluster:orders-aurora"}}),
      ElementsAre("orders-aurora-1", "orders-aurora-2"));
  EXPECT_THAT(filtered({{"Filters.Filter.1.Name", "engine"},
                        {"Filters.Filter.1.Values.Value.1", "mariadb"},
                        {"Filters.Filter.1.Values.Value.2", "mysql"}}),
              ElementsAre("billing-mysql", "search-mariadb"));
  EXPECT_THAT(filtered({{"Filters.Filter.1.Name", "dbi-resource-id"},
                        {"Filters.Filter.1.Values.Value.1", fleet.find_instance("payments-db")->dbi_resource_id}}),
              ElementsAre("payments-db"));
  EXPECT_THAT(filtered({{"Filters.Filter.1.Name", "domain"}, {"Filters.Filter.1.Values.Value.1", "d-1234567890"}}),
              ElementsAre());
}

TEST(SimDescribeDbInstances, AppliesAllFiltersAndTheIdentifierTogether) {
  EXPECT_THAT(filtered({{"Filters.Filter.1.Name", "engine"},
                        {"Filters.Filter.1.Values.Value.1", "postgres"},
                        {"Filters.Filter.2.Name", "db-instance-id"},
                        {"Filters.Filter.2.Values.Value.1", "payments-db-replica"},
                        {"Filters.Filter.2.Values.Value.2", "billing-mysql"}}),
              ElementsAre("payments-db-replica"));
  EXPECT_THAT(filtered({{"DBInstanceIdentifier", "payments-db"},
                        {"Filters.Filter.1.Name", "engine"},
                        {"Filters.Filter.1.Values.Value.1", "mysql"}}),
              ElementsAre());
}

TEST(SimDescribeDbInstances, RejectsFiltersRdsDoesNotKnow) {
  const Fleet& fleet = testing::small_fleet();
  EXPECT_EQ(
      error_of(describe(fleet, {{"Filters.Filter.1.Name", "tag:env"}, {"Filters.Filter.1.Values.Value.1", "prd"}})),
      (ApiError{400, "InvalidParameterValue", "Unrecognized filter name: tag:env"}));
  EXPECT_EQ(error_of(describe(fleet,
                              {{"Filters.Filter.1.Name", "engine"}, {"Filters.Filter.1.Values.Value.1", "oracle-se"}})),
            (ApiError{400, "InvalidParameterValue", "Unrecognized engine name: oracle-se"}));
  EXPECT_EQ(error_of(describe(fleet, {{"Filters.Filter.1.Name", "engine"}})).code, "MissingParameter");
  EXPECT_EQ(error_of(describe(fleet, {{"Filters.Filter.1.Values.Value.1", "mysql"}})).code, "MissingParameter");
}

// The members RDS writes for an instance, in the order of the model's DBInstance shape.
TEST(SimDescribeDbInstances, WritesMembersInTheModelsOrder) {
  const std::string document =
      document_of(describe(testing::small_fleet(), {{"DBInstanceIdentifier", "payments-db-replica"}}));
  std::size_t previous = 0;
  for (const auto element : {"<DBInstanceIdentifier>",
                             "<DBInstanceClass>",
                             "<Engine>",
                             "<DBInstanceStatus>",
                             "<MasterUsername>",
                             "<Endpoint>",
                             "<AllocatedStorage>",
                             "<InstanceCreateTime>",
                             "<AvailabilityZone>",
                             "<MultiAZ>",
                             "<EngineVersion>",
                             "<ReadReplicaSourceDBInstanceIdentifier>",
                             "<LicenseModel>",
                             "<StatusInfos>",
                             "<StorageType>",
                             "<DbiResourceId>",
                             "<CACertificateIdentifier>",
                             "<MonitoringInterval>",
                             "<DBInstanceArn>",
                             "<PerformanceInsightsEnabled>",
                             "<TagList>",
                             "<StorageThroughput>",
                             "<CertificateDetails>"}) {
    const std::size_t at = document.find(element);
    ASSERT_NE(at, std::string::npos) << element;
    EXPECT_GT(at, previous) << element;
    previous = at;
  }
  EXPECT_THAT(element_texts(document, "ReadReplicaSourceDBInstanceIdentifier"), ElementsAre("payments-db"));
  EXPECT_THAT(element_texts(document, "DBInstanceArn"),
              ElementsAre("arn:aws:rds:ap-northeast-2:123456789012:db:payments-db-replica"));
}

TEST(SimDescribeDbInstances, WritesClusterMembershipMonitoringAndCertificates) {
  const Fleet& fleet = testing::small_fleet();
  const std::string member = document_of(describe(fleet, {{"DBInstanceIdentifier", "orders-aurora-1"}}));
  EXPECT_THAT(element_texts(member, "DBClusterIdentifier"), ElementsAre("orders-aurora"));
  EXPECT_THAT(element_texts(member, "StorageType"), ElementsAre("aurora"));
  EXPECT_THAT(element_texts(member, "TagList"), ElementsAre(::testing::HasSubstr("<Key>env</Key>")));
  const std::string source = document_of(describe(fleet, {{"DBInstanceIdentifier", "payments-db"}}));
  EXPECT_THAT(element_texts(source, "ReadReplicaDBInstanceIdentifier"), ElementsAre("payments-db-replica"));
  EXPECT_THAT(element_texts(source, "MonitoringInterval"), ElementsAre("60"));
  EXPECT_THAT(element_texts(source, "PerformanceInsightsEnabled"), ElementsAre("true"));
  EXPECT_THAT(element_texts(source, "SecondaryAvailabilityZone"), ElementsAre("ap-northeast-2b"));
  EXPECT_THAT(element_texts(source, "EnhancedMonitoringResourceArn"),
              ElementsAre("arn:aws:logs:ap-northeast-2:123456789012:log-group:RDSOSMetrics:log-stream:" +
                          fleet.find_instance("payments-db")->dbi_resource_id));
  EXPECT_THAT(element_texts(source, "CAIdentifier"), ElementsAre("rds-ca-rsa2048-g1"));
  EXPECT_EQ(element_texts(source, "ValidTill").size(), 1u);
  const std::string untagged = document_of(describe(fleet, {{"DBInstanceIdentifier", "search-mariadb"}}));
  EXPECT_NE(untagged.find("<TagList/>"), std::string::npos);
}

TEST(SimDescribeDbInstances, EscapesTagValues) {
  const std::string document =
      document_of(describe(testing::small_fleet(), {{"DBInstanceIdentifier", "billing-mysql"}}));
  EXPECT_THAT(element_texts(document, "Value"), ElementsAre("R&amp;D &lt;legacy&gt; &quot;x&quot; &apos;y&apos;"));
}

TEST(SimDescribeDbInstances, NamesTheResourceIamChecks) {
  const Fleet& fleet = testing::small_fleet();
  const auto resource = [&](Pairs entries) {
    const QueryParameters query = params(std::move(entries));
    return DescribeDbInstances().resource_arn({query, fleet, "id"});
  };
  EXPECT_EQ(resource({}), "arn:aws:rds:ap-northeast-2:123456789012:db:*");
  EXPECT_EQ(resource({{"DBInstanceIdentifier", "Payments-DB"}}),
            "arn:aws:rds:ap-northeast-2:123456789012:db:payments-db");
  EXPECT_EQ(resource({{"DBInstanceIdentifier", "arn:aws:rds:eu-west-1:1:db:x"}}), "arn:aws:rds:eu-west-1:1:db:x");
}

}  // namespace
}  // namespace rds_exporter::sim
