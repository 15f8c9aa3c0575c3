#include "sim/rds/describe_db_clusters.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using testing::document_of;
using testing::element_texts;
using ::testing::ElementsAre;
using testing::error_of;
using Pairs = std::vector<std::pair<std::string, std::string>>;

const Fleet& clusters_fleet() {
  static const Fleet fleet = testing::fleet_from_yaml(R"(
clusters:
  - {id: orders, engine: aurora-mysql, tags: {env: prd}}
  - {id: catalog, engine: aurora-postgresql}
  - {id: graph, engine: neptune}
instances:
  - {id: orders-1, cluster: orders, cluster_writer: true, class: db.r7g.large, availability_zone: a}
  - {id: orders-2, cluster: orders, class: db.r7g.large, availability_zone: b, promotion_tier: 2}
  - {id: catalog-1, cluster: catalog, cluster_writer: true, class: db.r6g.large}
  - {id: graph-1, cluster: graph, cluster_writer: true, class: db.r6g.large}
  - {id: standalone, engine: mysql, class: db.m5.large}
)");
  return fleet;
}

OperationOutcome describe(Pairs entries) {
  const QueryParameters query = testing::params(std::move(entries));
  return DescribeDbClusters().invoke({query, clusters_fleet(), "request-2"});
}

TEST(SimDescribeDbClusters, ListsClustersWithTheirMembersAndWriters) {
  const std::string document = document_of(describe({}));
  EXPECT_THAT(element_texts(document, "DBClusterIdentifier"), ElementsAre("catalog", "graph", "orders"));
  EXPECT_THAT(element_texts(document, "IsClusterWriter"), ElementsAre("true", "true", "true", "false"));
  const std::string orders = document_of(describe({{"DBClusterIdentifier", "orders"}}));
  EXPECT_THAT(element_texts(orders, "DBInstanceIdentifier"), ElementsAre("orders-1", "orders-2"));
  EXPECT_THAT(element_texts(orders, "PromotionTier"), ElementsAre("1", "2"));
  EXPECT_THAT(element_texts(orders, "MultiAZ"), ElementsAre("true"));
  EXPECT_THAT(element_texts(orders, "Engine"), ElementsAre("aurora-mysql"));
  EXPECT_THAT(element_texts(orders, "DBClusterArn"),
              ElementsAre("arn:aws:rds:ap-northeast-2:123456789012:cluster:orders"));
  EXPECT_THAT(element_texts(orders, "Endpoint"),
              ElementsAre(::testing::AllOf(::testing::StartsWith("orders.cluster-"),
                                           ::testing::EndsWith(".ap-northeast-2.rds.amazonaws.com"))));
  EXPECT_THAT(element_texts(orders, "ReaderEndpoint"), ElementsAre(::testing::StartsWith("orders.cluster-ro-")));
  EXPECT_TRUE(
      document.starts_with("<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">\n"
                           "  <DescribeDBClustersResult>\n"
                           "    <DBClusters>\n"));
}

TEST(SimDescribeDbClusters, FiltersAndPages) {
  EXPECT_THAT(
      element_texts(
          document_of(describe({{"Filters.Filter.1.Name", "engine"}, {"Filters.Filter.1.Values.Value.1", "neptune"}})),
          "DBClusterIdentifier"),
      ElementsAre("graph"));
  EXPECT_THAT(element_texts(document_of(describe({{"Filters.Filter.1.Name", "db-cluster-resource-id"},
                                                  {"Filters.Filter.1.Values.Value.1",
                                                   clusters_fleet().find_cluster("catalog")->resource_id}})),
                            "DBClusterIdentifier"),
              ElementsAre("catalog"));
  EXPECT_EQ(element_texts(document_of(describe({{"MaxRecords", "20"}})), "Marker").size(), 0u);
  EXPECT_EQ(error_of(describe({{"MaxRecords", "200"}})).code, "InvalidParameterValue");
  EXPECT_EQ(error_of(describe({{"Filters.Filter.1.Name", "db-instance-id"}, {"Filters.Filter.1.Values.Value.1", "x"}})),
            (ApiError{400, "InvalidParameterValue", "Unrecognized filter name: db-instance-id"}));
}

TEST(SimDescribeDbClusters, AnswersDbClusterNotFoundFault) {
  EXPECT_EQ(error_of(describe({{"DBClusterIdentifier", "standalone"}})),
            (ApiError{404, "DBClusterNotFoundFault", "DBCluster standalone not found."}));
}

TEST(SimDescribeDbClusters, NamesTheResourceIamChecks) {
  const QueryParameters none;
  EXPECT_EQ(DescribeDbClusters().resource_arn({none, clusters_fleet(), "id"}),
            "arn:aws:rds:ap-northeast-2:123456789012:cluster:*");
}

}  // namespace
}  // namespace rds_exporter::sim
