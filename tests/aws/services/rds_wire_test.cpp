#include "aws/services/rds_wire.h"

#include "../reference_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using ::testing::HasSubstr;
using testing::reference_document;

HttpResponse answer(int status, std::string body, Headers headers = {}) {
  return HttpResponse{.status = status, .headers = std::move(headers), .body = std::move(body)};
}

Page<DbInstance> instances_of(const std::string& body) {
  auto page = parse_describe_db_instances(answer(200, body));
  if (!page) throw std::runtime_error(page.error().describe());
  return std::move(page).value();
}

// The instance list around one DBInstance element, as AWS wraps it.
std::string instances_answer(const std::string& instance, const std::string& after_list = "") {
  return "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBInstancesResult>"
         "<DBInstances><DBInstance>" +
         instance + "</DBInstance></DBInstances>" + after_list +
         "</DescribeDBInstancesResult></DescribeDBInstancesResponse>";
}

TEST(DescribeDbInstancesRequest, AsksForFullPagesFromTheStart) {
  const auto request = describe_db_instances_request(std::nullopt);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_EQ(request.headers, (Headers{{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}));
  EXPECT_EQ(request.body, "Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=100");
}

// The body the JS SDK put on the wire (aws-wire.md §1.2).
TEST(DescribeDbInstancesRequest, MatchesTheJsSdkWithFiltersAndMarker) {
  EXPECT_EQ(
      describe_db_instances_request("m1", 100, {{"engine", {"postgres", "aurora-postgresql"}}}).body,
      "Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1="
      "postgres&Filters.Filter.1.Values.Value.2=aurora-postgresql&MaxRecords=100&Marker=m1");
}

TEST(DescribeDbInstancesRequest, EncodesAnOpaqueMarker) {
  EXPECT_EQ(describe_db_instances_request("b3JkZXJz+/LTE=", 20).body,
            "Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=20&Marker=b3JkZXJz%2B%2FLTE%3D");
}

// botocore's serializer output (aws-wire.md §1.2).
TEST(DescribeDbClustersRequest, MatchesBotocore) {
  EXPECT_EQ(describe_db_clusters_request("m1", 100, {{"engine", {"aurora-mysql", "aurora-postgresql"}}}).body,
            "Action=DescribeDBClusters&Version=2014-10-31&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1="
            "aurora-mysql&Filters.Filter.1.Values.Value.2=aurora-postgresql&MaxRecords=100&Marker=m1");
}

TEST(DescribeDbClustersRequest, NumbersSeveralFilters) {
  EXPECT_EQ(
      describe_db_clusters_request(std::nullopt, 50, {{"engine", {"aurora-mysql"}}, {"db-cluster-id", {"a"}}}).body,
      "Action=DescribeDBClusters&Version=2014-10-31&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1="
      "aurora-mysql&Filters.Filter.2.Name=db-cluster-id&Filters.Filter.2.Values.Value.1=a&MaxRecords=50");
}

// aws-wire.md §1.5, verbatim.
TEST(ParseDescribeDbInstances, ReadsTheReferenceAnswer) {
  const auto page = instances_of(reference_document("describe_db_instances.xml"));
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.marker, "b3JkZXJzLXByb2QtMQ==");

  const DbInstance& primary = page.items[0];
  EXPECT_EQ(primary.identifier, "orders-prod-1");
  EXPECT_EQ(primary.arn, "arn:aws:rds:eu-west-1:123456789012:db:orders-prod-1");
  EXPECT_EQ(primary.resource_id, "db-ABCDEFGHIJKLMNOPQRSTUVWXY1");
  EXPECT_EQ(primary.engine, "postgres");
  EXPECT_EQ(primary.engine_version, "16.3");
  // The pending class change (PendingModifiedValues/DBInstanceClass) is not the current class.
  EXPECT_EQ(primary.instance_class, "db.r6g.large");
  EXPECT_EQ(primary.status, "available");
  EXPECT_EQ(primary.availability_zone, "eu-west-1a");
  EXPECT_TRUE(primary.multi_az);
  EXPECT_EQ(primary.storage_type, "gp3");
  EXPECT_EQ(primary.allocated_storage, 400);
  EXPECT_EQ(primary.cluster_identifier, std::nullopt);
  EXPECT_EQ(primary.read_replica_source, std::nullopt);
  EXPECT_TRUE(primary.performance_insights_enabled);
  EXPECT_EQ(primary.monitoring_interval, 60);
  EXPECT_EQ(primary.tags, (Tags{{"team", "orders"}, {"env", "prod"}}));
  EXPECT_EQ(primary.instance_create_time, "2023-02-14T09:21:07.112Z");

  const DbInstance& replica = page.items[1];
  EXPECT_EQ(replica.identifier, "orders-prod-1-ro");
  EXPECT_EQ(replica.read_replica_source, "orders-prod-1");
  EXPECT_FALSE(replica.multi_az);
  EXPECT_FALSE(replica.performance_insights_enabled);
  EXPECT_EQ(replica.monitoring_interval, 0);
  EXPECT_TRUE(replica.tags.empty());
  EXPECT_EQ(replica.instance_create_time, std::nullopt);

  const DbInstance& aurora = page.items[2];
  EXPECT_EQ(aurora.identifier, "inventory-aurora-1");
  EXPECT_EQ(aurora.engine, "aurora-mysql");
  EXPECT_EQ(aurora.engine_version, "8.0.mysql_aurora.3.05.2");
  EXPECT_EQ(aurora.cluster_identifier, "inventory-aurora");
  EXPECT_EQ(aurora.storage_type, "aurora");
  EXPECT_EQ(aurora.allocated_storage, 1);
  EXPECT_EQ(aurora.resource_id, "db-QWERTYUIOPASDFGHJKLZXCVBN3");
}

// botocore's captured 2013 answer (aws-wire.md §1.5): older namespace, fewer members, no Marker.
TEST(ParseDescribeDbInstances, ReadsAnOlderCapturedAnswer) {
  const auto page = instances_of(reference_document("describe_db_instances_2013.xml"));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.marker, std::nullopt);
  const DbInstance& instance = page.items[0];
  EXPECT_EQ(instance.identifier, "simcoprod01");
  EXPECT_EQ(instance.engine, "mysql");
  EXPECT_EQ(instance.engine_version, "5.1.50");
  EXPECT_EQ(instance.instance_class, "db.m1.large");
  EXPECT_EQ(instance.allocated_storage, 10);
  EXPECT_EQ(instance.availability_zone, "us-east-1a");
  EXPECT_EQ(instance.arn, "");
  EXPECT_EQ(instance.resource_id, "");
  EXPECT_EQ(instance.instance_create_time, "2011-05-23T06:06:43.110Z");
}

TEST(ParseDescribeDbInstances, DecodesEveryXmlSpecialCharacterInTags) {
  const auto page = instances_of(
      instances_answer("<DBInstanceIdentifier>db1</DBInstanceIdentifier><TagList>"
                       "<Tag><Key>owner &amp; team</Key><Value>&lt;a&gt; &quot;b&quot; &apos;c&apos;</Value></Tag>"
                       "<Tag><Key>empty</Key><Value/></Tag><Tag><Key>absent</Key></Tag>"
                       "<Tag><Key>caf\xc3\xa9</Key><Value> </Value></Tag></TagList>"));
  EXPECT_EQ(page.items.at(0).tags,
            (Tags{{"owner & team", "<a> \"b\" 'c'"}, {"empty", ""}, {"absent", ""}, {"caf\xc3\xa9", " "}}));
}

TEST(ParseDescribeDbInstances, TreatsAnEmptyMarkerAsTheLastPage) {
  EXPECT_EQ(instances_of(instances_answer("<DBInstanceIdentifier>db1</DBInstanceIdentifier>", "<Marker/>")).marker,
            std::nullopt);
  EXPECT_EQ(
      instances_of(instances_answer("<DBInstanceIdentifier>db1</DBInstanceIdentifier>", "<Marker>m2</Marker>")).marker,
      "m2");
}

TEST(ParseDescribeDbInstances, ReadsAnEmptyFleet) {
  const auto page = instances_of(
      "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances/></DescribeDBInstancesResult>"
      "</DescribeDBInstancesResponse>");
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.marker, std::nullopt);
}

TEST(ParseDescribeDbInstances, NamesTheInstanceWithoutAnIdentifier) {
  const auto page = parse_describe_db_instances(answer(
      200,
      "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances>"
      "<DBInstance><DBInstanceIdentifier>db1</DBInstanceIdentifier></DBInstance><DBInstance><Engine>mysql</Engine>"
      "</DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>",
      {{"x-amzn-requestid", "req-1"}}));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(page.error().code, "MalformedResponse");
  EXPECT_EQ(page.error().message,
            "DescribeDBInstances answer: DescribeDBInstancesResponse/DescribeDBInstancesResult/DBInstances/"
            "DBInstance[2]: missing element DBInstanceIdentifier");
  EXPECT_EQ(page.error().request_id, "req-1");
}

TEST(ParseDescribeDbInstances, RejectsAValueOfTheWrongForm) {
  const auto page = parse_describe_db_instances(
      answer(200, instances_answer("<DBInstanceIdentifier>db1</DBInstanceIdentifier><MultiAZ>yes</MultiAZ>")));
  ASSERT_FALSE(page.has_value());
  EXPECT_THAT(page.error().message, HasSubstr("DBInstance[1]/MultiAZ: expected true or false, got 'yes'"));
}

TEST(ParseDescribeDbInstances, ReportsHalfAnAnswer) {
  const std::string full = reference_document("describe_db_instances.xml");
  const auto page = parse_describe_db_instances(answer(200, full.substr(0, full.size() / 2)));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(page.error().message, HasSubstr("DescribeDBInstances answer is not well-formed XML"));
}

TEST(ParseDescribeDbInstances, ReportsAnAnswerOfAnotherOperation) {
  const auto page = parse_describe_db_instances(answer(200, reference_document("describe_db_clusters.xml")));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().message,
            "DescribeDBInstances answer: DescribeDBClustersResponse: missing element DescribeDBInstancesResult");
}

// aws-wire.md §2.1: the error element of an unknown instance.
TEST(ParseDescribeDbInstances, ReturnsTheServiceError) {
  const auto page = parse_describe_db_instances(
      answer(404,
             "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2013-09-09/\">\n  <Error>\n    <Type>Sender</Type>\n"
             "    <Code>DBInstanceNotFound</Code>\n    <Message>DBInstance foobar not found.</Message>\n  </Error>\n"
             "  <RequestId>b41f03f1-b7f8-11e2-9b07-955bffd33505</RequestId>\n</ErrorResponse>\n"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ErrorKind::service);
  EXPECT_EQ(page.error().code, "DBInstanceNotFound");
  EXPECT_EQ(page.error().http_status, 404);
}

// aws-wire.md §1.7, verbatim.
TEST(ParseDescribeDbClusters, ReadsTheReferenceAnswer) {
  const auto page = parse_describe_db_clusters(answer(200, reference_document("describe_db_clusters.xml")));
  ASSERT_TRUE(page.has_value()) << page.error().describe();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->marker, std::nullopt);
  const DbCluster& cluster = page->items[0];
  EXPECT_EQ(cluster.identifier, "inventory-aurora");
  EXPECT_EQ(cluster.arn, "arn:aws:rds:eu-west-1:123456789012:cluster:inventory-aurora");
  EXPECT_EQ(cluster.engine, "aurora-mysql");
  EXPECT_EQ(cluster.engine_version, "8.0.mysql_aurora.3.05.2");
  EXPECT_EQ(cluster.status, "available");
  EXPECT_TRUE(cluster.multi_az);
  ASSERT_EQ(cluster.members.size(), 2u);
  EXPECT_EQ(cluster.members[0].instance_identifier, "inventory-aurora-1");
  EXPECT_TRUE(cluster.members[0].is_writer);
  EXPECT_EQ(cluster.members[1].instance_identifier, "inventory-aurora-2");
  EXPECT_FALSE(cluster.members[1].is_writer);
  EXPECT_EQ(cluster.tags, (Tags{{"team", "inventory"}}));
}

TEST(ParseDescribeDbClusters, NamesTheMemberWithoutAnInstance) {
  const auto page = parse_describe_db_clusters(
      answer(200,
             "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters><DBCluster>"
             "<DBClusterIdentifier>c1</DBClusterIdentifier><DBClusterMembers><DBClusterMember>"
             "<IsClusterWriter>true</IsClusterWriter></DBClusterMember></DBClusterMembers></DBCluster></DBClusters>"
             "<Marker>next</Marker></DescribeDBClustersResult></DescribeDBClustersResponse>"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().message,
            "DescribeDBClusters answer: DescribeDBClustersResponse/DescribeDBClustersResult/DBClusters/DBCluster[1]/"
            "DBClusterMembers/DBClusterMember[1]: missing element DBInstanceIdentifier");
}

}  // namespace
}  // namespace rds_exporter::aws
