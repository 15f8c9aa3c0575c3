#include "aws/services/rds_wire.h"

#include "../canned_answer.h"
#include "../reference_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::answer;
using ::testing::HasSubstr;
using testing::reference_document;

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
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}));
  EXPECT_EQ(request.body, "Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=100");
}

// The body the JS SDK put on the wire (docs/aws-wire-formats.md#the-query-protocol).
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

// botocore's serializer output (docs/aws-wire-formats.md#the-query-protocol).
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

// docs/aws-wire-formats.md#reference-documents (DescribeDBInstances), verbatim.
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
  EXPECT_EQ(primary.max_allocated_storage, 1000);
  EXPECT_EQ(primary.iops, 12000);
  EXPECT_EQ(primary.storage_throughput, 500);
  EXPECT_EQ(primary.backup_retention_period, 7);
  EXPECT_EQ(primary.ca_certificate_identifier, "rds-ca-rsa2048-g1");
  EXPECT_EQ(primary.certificate_valid_till, "2025-02-14T09:18:43Z");
  EXPECT_TRUE(primary.deletion_protection);
  EXPECT_TRUE(primary.pending_modified_values);
  ASSERT_EQ(primary.parameter_groups.size(), 1u);
  EXPECT_EQ(primary.parameter_groups[0].name, "orders-pg16");
  EXPECT_EQ(primary.parameter_groups[0].apply_status, "in-sync");

  const DbInstance& replica = page.items[1];
  EXPECT_EQ(replica.identifier, "orders-prod-1-ro");
  EXPECT_EQ(replica.read_replica_source, "orders-prod-1");
  EXPECT_FALSE(replica.multi_az);
  EXPECT_FALSE(replica.performance_insights_enabled);
  EXPECT_EQ(replica.monitoring_interval, 0);
  EXPECT_TRUE(replica.tags.empty());
  EXPECT_EQ(replica.instance_create_time, std::nullopt);
  // Storage autoscaling off, no provisioned IOPS or throughput reported, no backups, an empty
  // PendingModifiedValues, no CertificateDetails, no parameter groups.
  EXPECT_EQ(replica.max_allocated_storage, std::nullopt);
  EXPECT_EQ(replica.iops, std::nullopt);
  EXPECT_EQ(replica.storage_throughput, std::nullopt);
  EXPECT_EQ(replica.backup_retention_period, 0);
  EXPECT_EQ(replica.ca_certificate_identifier, "rds-ca-rsa2048-g1");
  EXPECT_EQ(replica.certificate_valid_till, std::nullopt);
  EXPECT_FALSE(replica.deletion_protection);
  EXPECT_FALSE(replica.pending_modified_values);
  EXPECT_TRUE(replica.parameter_groups.empty());

  const DbInstance& aurora = page.items[2];
  EXPECT_EQ(aurora.identifier, "inventory-aurora-1");
  EXPECT_EQ(aurora.engine, "aurora-mysql");
  EXPECT_EQ(aurora.engine_version, "8.0.mysql_aurora.3.05.2");
  EXPECT_EQ(aurora.cluster_identifier, "inventory-aurora");
  EXPECT_EQ(aurora.storage_type, "aurora");
  EXPECT_EQ(aurora.allocated_storage, 1);
  EXPECT_EQ(aurora.resource_id, "db-QWERTYUIOPASDFGHJKLZXCVBN3");
}

// botocore's captured 2013 answer (docs/aws-wire-formats.md#reference-documents): older namespace, fewer members,
// no Marker.
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

TEST(ParseDescribeDbInstances, PendingModifiedValuesCountOnlyWhenTheyListAChange) {
  const auto pending = [](const std::string& element) {
    return instances_of(instances_answer("<DBInstanceIdentifier>db1</DBInstanceIdentifier>" + element))
        .items.at(0)
        .pending_modified_values;
  };
  EXPECT_FALSE(pending(""));
  EXPECT_FALSE(pending("<PendingModifiedValues/>"));
  EXPECT_FALSE(pending("<PendingModifiedValues>\n          </PendingModifiedValues>"));
  EXPECT_TRUE(pending("<PendingModifiedValues><MasterUserPassword>****</MasterUserPassword></PendingModifiedValues>"));
  EXPECT_TRUE(pending("<PendingModifiedValues><PendingCloudwatchLogsExports><LogTypesToEnable><member>audit</member>"
                      "</LogTypesToEnable></PendingCloudwatchLogsExports></PendingModifiedValues>"));
}

TEST(ParseDescribeDbInstances, KeepsEveryParameterGroupInAwsOrder) {
  const auto instance = instances_of(instances_answer(
      "<DBInstanceIdentifier>db1</DBInstanceIdentifier><DBParameterGroups>"
      "<DBParameterGroup><DBParameterGroupName>a</DBParameterGroupName>"
      "<ParameterApplyStatus>pending-reboot</ParameterApplyStatus></DBParameterGroup>"
      "<DBParameterGroup><DBParameterGroupName>b</DBParameterGroupName>"
      "<ParameterApplyStatus>applying</ParameterApplyStatus></DBParameterGroup></DBParameterGroups>"))
                            .items.at(0);
  ASSERT_EQ(instance.parameter_groups.size(), 2u);
  EXPECT_EQ(instance.parameter_groups[0].name, "a");
  EXPECT_EQ(instance.parameter_groups[0].apply_status, "pending-reboot");
  EXPECT_EQ(instance.parameter_groups[1].name, "b");
  EXPECT_EQ(instance.parameter_groups[1].apply_status, "applying");
}

TEST(ParseDescribeDbInstances, NamesTheNewFieldsThatAreNotNumbersOrTimes) {
  const auto message_for = [](const std::string& element) {
    const auto page = parse_describe_db_instances(
        answer(200, instances_answer("<DBInstanceIdentifier>db1</DBInstanceIdentifier>" + element)));
    if (page) return std::string("parsed");
    EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
    return page.error().message;
  };
  EXPECT_THAT(message_for("<MaxAllocatedStorage>1 TiB</MaxAllocatedStorage>"),
              HasSubstr("DBInstance[1]/MaxAllocatedStorage: expected an integer, got '1 TiB'"));
  EXPECT_THAT(message_for("<Iops>12k</Iops>"), HasSubstr("DBInstance[1]/Iops: expected an integer, got '12k'"));
  EXPECT_THAT(message_for("<StorageThroughput/>"),
              HasSubstr("DBInstance[1]/StorageThroughput: expected an integer, got ''"));
  EXPECT_THAT(message_for("<BackupRetentionPeriod>7.5</BackupRetentionPeriod>"),
              HasSubstr("DBInstance[1]/BackupRetentionPeriod: expected an integer, got '7.5'"));
  EXPECT_THAT(message_for("<DeletionProtection>1</DeletionProtection>"),
              HasSubstr("DBInstance[1]/DeletionProtection: expected true or false, got '1'"));
  EXPECT_THAT(message_for("<CertificateDetails><ValidTill>next year</ValidTill></CertificateDetails>"),
              HasSubstr("DBInstance[1]/CertificateDetails/ValidTill: expected an ISO-8601 time, got 'next year'"));
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

// docs/aws-wire-formats.md#query-error-answers: the error element of an unknown instance.
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

// docs/aws-wire-formats.md#reference-documents (DescribeDBClusters), verbatim.
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
  EXPECT_EQ(cluster.resource_id, "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  EXPECT_EQ(cluster.parameter_group, "");
  EXPECT_EQ(cluster.allocated_storage, 1);
  EXPECT_EQ(cluster.backup_retention_period, 0);
  EXPECT_FALSE(cluster.deletion_protection);
  EXPECT_EQ(cluster.cluster_create_time, std::nullopt);
  EXPECT_EQ(cluster.serverless_min_capacity, 0.5);
  EXPECT_EQ(cluster.serverless_max_capacity, 16.0);
}

std::string clusters_answer(const std::string& cluster) {
  return "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBClustersResult>"
         "<DBClusters><DBCluster><DBClusterIdentifier>c1</DBClusterIdentifier>" +
         cluster + "</DBCluster></DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>";
}

TEST(ParseDescribeDbClusters, ReadsAMultiAzDbCluster) {
  const auto page = parse_describe_db_clusters(answer(
      200, clusters_answer("<AllocatedStorage>400</AllocatedStorage><BackupRetentionPeriod>14</BackupRetentionPeriod>"
                           "<DBClusterParameterGroup>orders-cluster-pg16</DBClusterParameterGroup>"
                           "<DeletionProtection>true</DeletionProtection>"
                           "<ClusterCreateTime>2024-03-05T10:11:12.345Z</ClusterCreateTime>"
                           "<DbClusterResourceId>cluster-QWERTYUIOPASDFGHJKLZXCVBNM</DbClusterResourceId>")));
  ASSERT_TRUE(page.has_value()) << page.error().describe();
  const DbCluster& cluster = page->items.at(0);
  EXPECT_EQ(cluster.allocated_storage, 400);
  EXPECT_EQ(cluster.backup_retention_period, 14);
  EXPECT_EQ(cluster.parameter_group, "orders-cluster-pg16");
  EXPECT_TRUE(cluster.deletion_protection);
  EXPECT_EQ(cluster.cluster_create_time, "2024-03-05T10:11:12.345Z");
  EXPECT_EQ(cluster.resource_id, "cluster-QWERTYUIOPASDFGHJKLZXCVBNM");
  EXPECT_EQ(cluster.serverless_min_capacity, std::nullopt);
  EXPECT_EQ(cluster.serverless_max_capacity, std::nullopt);
}

TEST(ParseDescribeDbClusters, NamesACapacityThatIsNotANumber) {
  const auto message_for = [](const std::string& scaling) {
    const auto page = parse_describe_db_clusters(answer(
        200, clusters_answer("<ServerlessV2ScalingConfiguration>" + scaling + "</ServerlessV2ScalingConfiguration>")));
    if (page) return std::string("parsed");
    EXPECT_EQ(page.error().kind, ErrorKind::malformed_response);
    return page.error().message;
  };
  EXPECT_THAT(message_for("<MinCapacity>half</MinCapacity>"),
              HasSubstr("DBCluster[1]/ServerlessV2ScalingConfiguration/MinCapacity: expected a number, got 'half'"));
  EXPECT_THAT(message_for("<MaxCapacity>NaN</MaxCapacity>"),
              HasSubstr("ServerlessV2ScalingConfiguration/MaxCapacity: expected a number, got 'NaN'"));
  EXPECT_THAT(message_for("<MaxCapacity>inf</MaxCapacity>"), HasSubstr("expected a number, got 'inf'"));
  EXPECT_THAT(message_for("<MinCapacity>1e999</MinCapacity>"), HasSubstr("expected a number, got '1e999'"));
  EXPECT_THAT(message_for("<MinCapacity> 1</MinCapacity>"), HasSubstr("expected a number, got ' 1'"));
  EXPECT_EQ(message_for("<MinCapacity>0</MinCapacity><MaxCapacity>256</MaxCapacity>"), "parsed");
}

TEST(ParseDescribeDbClusters, NamesACreateTimeThatIsNotATime) {
  const auto page =
      parse_describe_db_clusters(answer(200, clusters_answer("<ClusterCreateTime>yesterday</ClusterCreateTime>")));
  ASSERT_FALSE(page.has_value());
  EXPECT_THAT(page.error().message,
              HasSubstr("DBCluster[1]/ClusterCreateTime: expected an ISO-8601 time, got 'yesterday'"));
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

// ---- The inventory source's calls ----

// `inner` as AWS wraps an operation's result.
std::string result_answer(const std::string& operation, const std::string& inner) {
  return "<" + operation + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">\n  <" + operation +
         "Result>\n" + inner + "\n  </" + operation + "Result>\n  <ResponseMetadata>\n    <RequestId>" +
         "0c2f5e1a-7b3d-4e8f-9a6b-1c2d3e4f5a6b</RequestId>\n  </ResponseMetadata>\n</" + operation + "Response>\n";
}

template <typename Parse>
auto parsed(Parse parse, const std::string& body) {
  auto result = parse(answer(200, body));
  if (!result) throw std::runtime_error(result.error().describe());
  return std::move(result).value();
}

// The malformed_response message of an answer that should not parse.
template <typename Parse>
std::string malformed(Parse parse, const std::string& body) {
  const auto result = parse(answer(200, body));
  if (result) return "parsed";
  EXPECT_EQ(result.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(result.error().code, "MalformedResponse");
  return result.error().message;
}

// Request bodies in botocore's member order: DescribePendingMaintenanceActions and DescribeDBMajorEngineVersions
// put Marker before MaxRecords, the older listings after it.
TEST(RdsInventoryRequests, DescribePendingMaintenanceActions) {
  EXPECT_EQ(describe_pending_maintenance_actions_request(std::nullopt).body,
            "Action=DescribePendingMaintenanceActions&Version=2014-10-31&MaxRecords=100");
  EXPECT_EQ(describe_pending_maintenance_actions_request("b3Jk+/=", 20).body,
            "Action=DescribePendingMaintenanceActions&Version=2014-10-31&Marker=b3Jk%2B%2F%3D&MaxRecords=20");
}

TEST(RdsInventoryRequests, DescribeDbMajorEngineVersions) {
  EXPECT_EQ(describe_db_major_engine_versions_request(std::nullopt).body,
            "Action=DescribeDBMajorEngineVersions&Version=2014-10-31&MaxRecords=100");
  EXPECT_EQ(describe_db_major_engine_versions_request("m2", 100, "aurora-postgresql").body,
            "Action=DescribeDBMajorEngineVersions&Version=2014-10-31&Engine=aurora-postgresql&Marker=m2&MaxRecords=100");
}

TEST(RdsInventoryRequests, DescribeAccountAttributesTakesNoParameters) {
  const auto request = describe_account_attributes_request();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_EQ(request.body, "Action=DescribeAccountAttributes&Version=2014-10-31");
}

TEST(RdsInventoryRequests, DescribeEvents) {
  EXPECT_EQ(describe_events_request({.start_time = "2026-12-06T12:00:00Z"}, std::nullopt).body,
            "Action=DescribeEvents&Version=2014-10-31&StartTime=2026-12-06T12%3A00%3A00Z&MaxRecords=100");
  EXPECT_EQ(describe_events_request({"2026-12-06T12:00:00Z", "2026-12-06T13:00:00.250Z"}, "m3").body,
            "Action=DescribeEvents&Version=2014-10-31&StartTime=2026-12-06T12%3A00%3A00Z"
            "&EndTime=2026-12-06T13%3A00%3A00.250Z&MaxRecords=100&Marker=m3");
}

TEST(RdsInventoryRequests, DescribeDbParametersAndClusterParameters) {
  EXPECT_EQ(describe_db_parameters_request("orders-pg16", std::nullopt, std::nullopt).body,
            "Action=DescribeDBParameters&Version=2014-10-31&DBParameterGroupName=orders-pg16&MaxRecords=100");
  EXPECT_EQ(describe_db_parameters_request("default.postgres16", "user", "m4", 100).body,
            "Action=DescribeDBParameters&Version=2014-10-31&DBParameterGroupName=default.postgres16&Source=user"
            "&MaxRecords=100&Marker=m4");
  EXPECT_EQ(describe_db_cluster_parameters_request("inventory-aurora-mysql8", "engine-default", "m5").body,
            "Action=DescribeDBClusterParameters&Version=2014-10-31&DBClusterParameterGroupName=inventory-aurora-mysql8"
            "&Source=engine-default&MaxRecords=100&Marker=m5");
}

TEST(RdsInventoryRequests, DescribeEngineDefaultParameters) {
  EXPECT_EQ(describe_engine_default_parameters_request("mysql8.0", std::nullopt).body,
            "Action=DescribeEngineDefaultParameters&Version=2014-10-31&DBParameterGroupFamily=mysql8.0&MaxRecords=100");
  EXPECT_EQ(describe_engine_default_cluster_parameters_request("aurora-postgresql16", "m6").body,
            "Action=DescribeEngineDefaultClusterParameters&Version=2014-10-31&DBParameterGroupFamily=aurora-postgresql16"
            "&MaxRecords=100&Marker=m6");
}

const std::string kPendingMaintenance = R"(    <PendingMaintenanceActions>
      <ResourcePendingMaintenanceActions>
        <ResourceIdentifier>arn:aws:rds:eu-west-1:123456789012:db:orders-prod-1</ResourceIdentifier>
        <PendingMaintenanceActionDetails>
          <PendingMaintenanceAction>
            <Action>ca-certificate-rotation</Action>
            <Description>Certificate rotation to rds-ca-rsa2048-g1</Description>
            <AutoAppliedAfterDate>2025-01-10T00:00:00Z</AutoAppliedAfterDate>
            <ForcedApplyDate>2025-02-14T09:18:43Z</ForcedApplyDate>
            <CurrentApplyDate>2025-01-12T03:00:00Z</CurrentApplyDate>
          </PendingMaintenanceAction>
          <PendingMaintenanceAction>
            <Action>system-update</Action>
            <Description>New Operating System update is available</Description>
            <OptInStatus>next-maintenance</OptInStatus>
          </PendingMaintenanceAction>
        </PendingMaintenanceActionDetails>
      </ResourcePendingMaintenanceActions>
      <ResourcePendingMaintenanceActions>
        <ResourceIdentifier>arn:aws:rds:eu-west-1:123456789012:cluster:inventory-aurora</ResourceIdentifier>
        <PendingMaintenanceActionDetails>
          <PendingMaintenanceAction>
            <Action>db-upgrade</Action>
            <Description>Upgrade to Aurora MySQL 3.05.2</Description>
          </PendingMaintenanceAction>
        </PendingMaintenanceActionDetails>
      </ResourcePendingMaintenanceActions>
    </PendingMaintenanceActions>
    <Marker>cGVuZGluZy0y</Marker>)";

TEST(ParseDescribePendingMaintenanceActions, ReadsEveryResourceAndAction) {
  const auto page = parsed(parse_describe_pending_maintenance_actions,
                           result_answer("DescribePendingMaintenanceActions", kPendingMaintenance));
  EXPECT_EQ(page.marker, "cGVuZGluZy0y");
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].resource_arn, "arn:aws:rds:eu-west-1:123456789012:db:orders-prod-1");
  ASSERT_EQ(page.items[0].actions.size(), 2u);
  const PendingMaintenanceAction& rotation = page.items[0].actions[0];
  EXPECT_EQ(rotation.action, "ca-certificate-rotation");
  EXPECT_EQ(rotation.description, "Certificate rotation to rds-ca-rsa2048-g1");
  EXPECT_EQ(rotation.auto_applied_after, "2025-01-10T00:00:00Z");
  EXPECT_EQ(rotation.forced_apply, "2025-02-14T09:18:43Z");
  EXPECT_EQ(rotation.current_apply, "2025-01-12T03:00:00Z");
  EXPECT_EQ(rotation.opt_in_status, std::nullopt);
  const PendingMaintenanceAction& update = page.items[0].actions[1];
  EXPECT_EQ(update.action, "system-update");
  EXPECT_EQ(update.auto_applied_after, std::nullopt);
  EXPECT_EQ(update.forced_apply, std::nullopt);
  EXPECT_EQ(update.current_apply, std::nullopt);
  EXPECT_EQ(update.opt_in_status, "next-maintenance");
  EXPECT_EQ(page.items[1].resource_arn, "arn:aws:rds:eu-west-1:123456789012:cluster:inventory-aurora");
  ASSERT_EQ(page.items[1].actions.size(), 1u);
  EXPECT_EQ(page.items[1].actions[0].action, "db-upgrade");
  EXPECT_EQ(page.items[1].actions[0].description, "Upgrade to Aurora MySQL 3.05.2");
}

TEST(ParseDescribePendingMaintenanceActions, ReadsNothingPending) {
  const auto page = parsed(parse_describe_pending_maintenance_actions,
                           result_answer("DescribePendingMaintenanceActions", "<PendingMaintenanceActions/>"));
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.marker, std::nullopt);
}

TEST(ParseDescribePendingMaintenanceActions, NamesWhatIsMissingOrMalformed) {
  EXPECT_EQ(malformed(parse_describe_pending_maintenance_actions,
                      result_answer("DescribePendingMaintenanceActions",
                                    "<PendingMaintenanceActions><ResourcePendingMaintenanceActions>"
                                    "</ResourcePendingMaintenanceActions></PendingMaintenanceActions>")),
            "DescribePendingMaintenanceActions answer: DescribePendingMaintenanceActionsResponse/"
            "DescribePendingMaintenanceActionsResult/PendingMaintenanceActions/ResourcePendingMaintenanceActions[1]: "
            "missing element ResourceIdentifier");
  EXPECT_THAT(malformed(parse_describe_pending_maintenance_actions,
                        result_answer("DescribePendingMaintenanceActions",
                                      "<PendingMaintenanceActions><ResourcePendingMaintenanceActions>"
                                      "<ResourceIdentifier>arn</ResourceIdentifier><PendingMaintenanceActionDetails>"
                                      "<PendingMaintenanceAction><ForcedApplyDate>2025-02-30T00:00:00Z"
                                      "</ForcedApplyDate></PendingMaintenanceAction></PendingMaintenanceActionDetails>"
                                      "</ResourcePendingMaintenanceActions></PendingMaintenanceActions>")),
              HasSubstr("PendingMaintenanceAction[1]/ForcedApplyDate: expected an ISO-8601 time, got "
                        "'2025-02-30T00:00:00Z'"));
}

TEST(ParseDescribeDbMajorEngineVersions, ReadsEveryVersionAndLifecycle) {
  const auto page = parsed(parse_describe_db_major_engine_versions, result_answer("DescribeDBMajorEngineVersions", R"(
    <DBMajorEngineVersions>
      <DBMajorEngineVersion>
        <Engine>postgres</Engine>
        <MajorEngineVersion>12</MajorEngineVersion>
        <SupportedEngineLifecycles>
          <SupportedEngineLifecycle>
            <LifecycleSupportName>open-source-rds-standard-support</LifecycleSupportName>
            <LifecycleSupportStartDate>2020-05-28T00:00:00Z</LifecycleSupportStartDate>
            <LifecycleSupportEndDate>2025-02-28T23:59:59.999Z</LifecycleSupportEndDate>
          </SupportedEngineLifecycle>
          <SupportedEngineLifecycle>
            <LifecycleSupportName>open-source-rds-extended-support</LifecycleSupportName>
            <LifecycleSupportStartDate>2025-03-01T00:00:00Z</LifecycleSupportStartDate>
            <LifecycleSupportEndDate>2028-02-29T23:59:59.999Z</LifecycleSupportEndDate>
          </SupportedEngineLifecycle>
        </SupportedEngineLifecycles>
      </DBMajorEngineVersion>
      <DBMajorEngineVersion>
        <Engine>mysql</Engine>
        <MajorEngineVersion>8.4</MajorEngineVersion>
        <SupportedEngineLifecycles/>
      </DBMajorEngineVersion>
    </DBMajorEngineVersions>
    <Marker>bWFqb3ItMg==</Marker>)"));
  EXPECT_EQ(page.marker, "bWFqb3ItMg==");
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].engine, "postgres");
  EXPECT_EQ(page.items[0].major_version, "12");
  ASSERT_EQ(page.items[0].lifecycles.size(), 2u);
  EXPECT_EQ(page.items[0].lifecycles[0].name, "open-source-rds-standard-support");
  EXPECT_EQ(page.items[0].lifecycles[0].start, "2020-05-28T00:00:00Z");
  EXPECT_EQ(page.items[0].lifecycles[0].end, "2025-02-28T23:59:59.999Z");
  EXPECT_EQ(page.items[0].lifecycles[1].name, "open-source-rds-extended-support");
  EXPECT_EQ(page.items[0].lifecycles[1].start, "2025-03-01T00:00:00Z");
  EXPECT_EQ(page.items[0].lifecycles[1].end, "2028-02-29T23:59:59.999Z");
  EXPECT_EQ(page.items[1].engine, "mysql");
  EXPECT_EQ(page.items[1].major_version, "8.4");
  EXPECT_TRUE(page.items[1].lifecycles.empty());
}

TEST(ParseDescribeDbMajorEngineVersions, NamesWhatIsMissingOrMalformed) {
  const auto versions = [](const std::string& version) {
    return result_answer("DescribeDBMajorEngineVersions",
                         "<DBMajorEngineVersions><DBMajorEngineVersion>" + version +
                             "</DBMajorEngineVersion></DBMajorEngineVersions>");
  };
  EXPECT_THAT(malformed(parse_describe_db_major_engine_versions, versions("<Engine>postgres</Engine>")),
              HasSubstr("DBMajorEngineVersion[1]: missing element MajorEngineVersion"));
  EXPECT_THAT(malformed(parse_describe_db_major_engine_versions,
                        versions("<Engine>postgres</Engine><MajorEngineVersion>16</MajorEngineVersion>"
                                 "<SupportedEngineLifecycles><SupportedEngineLifecycle><LifecycleSupportEndDate>"
                                 "2029-02-28T23:59:59Z</LifecycleSupportEndDate></SupportedEngineLifecycle>"
                                 "</SupportedEngineLifecycles>")),
              HasSubstr("SupportedEngineLifecycle[1]: missing element LifecycleSupportName"));
  EXPECT_THAT(malformed(parse_describe_db_major_engine_versions,
                        versions("<Engine>postgres</Engine><MajorEngineVersion>16</MajorEngineVersion>"
                                 "<SupportedEngineLifecycles><SupportedEngineLifecycle><LifecycleSupportName>"
                                 "open-source-rds-standard-support</LifecycleSupportName><LifecycleSupportEndDate>"
                                 "Feb 2029</LifecycleSupportEndDate></SupportedEngineLifecycle>"
                                 "</SupportedEngineLifecycles>")),
              HasSubstr("SupportedEngineLifecycle[1]/LifecycleSupportEndDate: expected an ISO-8601 time, got "
                        "'Feb 2029'"));
}

// The API reference's sample answer names the list AccountQuotaList; botocore's model, which the SDKs read real
// answers with, names it AccountQuotas.
TEST(ParseDescribeAccountAttributes, ReadsEveryQuotaAsLongs) {
  const auto quotas = parsed(parse_describe_account_attributes, result_answer("DescribeAccountAttributes", R"(
    <AccountQuotas>
      <AccountQuota>
        <AccountQuotaName>DBInstances</AccountQuotaName>
        <Used>22</Used>
        <Max>40</Max>
      </AccountQuota>
      <AccountQuota>
        <AccountQuotaName>AllocatedStorage</AccountQuotaName>
        <Used>5368709120000</Used>
        <Max>107374182400000</Max>
      </AccountQuota>
      <AccountQuota>
        <AccountQuotaName>ManualSnapshots</AccountQuotaName>
        <Used>0</Used>
        <Max>100</Max>
      </AccountQuota>
    </AccountQuotas>)"));
  ASSERT_EQ(quotas.size(), 3u);
  EXPECT_EQ(quotas[0].name, "DBInstances");
  EXPECT_EQ(quotas[0].used, 22);
  EXPECT_EQ(quotas[0].max, 40);
  EXPECT_EQ(quotas[1].name, "AllocatedStorage");
  EXPECT_EQ(quotas[1].used, 5'368'709'120'000);
  EXPECT_EQ(quotas[1].max, 107'374'182'400'000);
  EXPECT_EQ(quotas[2].name, "ManualSnapshots");
  EXPECT_EQ(quotas[2].used, 0);
  EXPECT_EQ(quotas[2].max, 100);
}

TEST(ParseDescribeAccountAttributes, NamesAQuotaThatIsNotANumber) {
  const auto quota = [](const std::string& members) {
    return result_answer("DescribeAccountAttributes", "<AccountQuotas><AccountQuota>" + members +
                                                          "</AccountQuota></AccountQuotas>");
  };
  EXPECT_EQ(malformed(parse_describe_account_attributes,
                      quota("<AccountQuotaName>DBInstances</AccountQuotaName><Used>lots</Used><Max>40</Max>")),
            "DescribeAccountAttributes answer: DescribeAccountAttributesResponse/DescribeAccountAttributesResult/"
            "AccountQuotas/AccountQuota[1]/Used: expected an integer, got 'lots'");
  EXPECT_THAT(malformed(parse_describe_account_attributes,
                        quota("<AccountQuotaName>DBInstances</AccountQuotaName><Used>1</Used>"
                              "<Max>99999999999999999999</Max>")),
              HasSubstr("AccountQuota[1]/Max: expected an integer, got '99999999999999999999'"));
  EXPECT_THAT(malformed(parse_describe_account_attributes, quota("<Used>1</Used><Max>2</Max>")),
              HasSubstr("AccountQuota[1]: missing element AccountQuotaName"));
}

TEST(ParseDescribeEvents, ReadsEveryEventAndCategory) {
  const auto page = parsed(parse_describe_events, result_answer("DescribeEvents", R"(
    <Events>
      <Event>
        <SourceIdentifier>orders-prod-1</SourceIdentifier>
        <SourceType>db-instance</SourceType>
        <Message>Multi-AZ instance failover started.</Message>
        <EventCategories>
          <EventCategory>failover</EventCategory>
          <EventCategory>availability</EventCategory>
        </EventCategories>
        <Date>2026-12-06T12:03:11.512Z</Date>
        <SourceArn>arn:aws:rds:eu-west-1:123456789012:db:orders-prod-1</SourceArn>
      </Event>
      <Event>
        <SourceIdentifier>orders-pg16</SourceIdentifier>
        <SourceType>db-parameter-group</SourceType>
        <Message>Updated parameter work_mem to 65536 with apply method immediate</Message>
        <EventCategories/>
        <Date>2026-12-06T12:05:00Z</Date>
        <SourceArn>arn:aws:rds:eu-west-1:123456789012:pg:orders-pg16</SourceArn>
      </Event>
    </Events>
    <Marker>ZXZlbnRzLTI=</Marker>)"));
  EXPECT_EQ(page.marker, "ZXZlbnRzLTI=");
  ASSERT_EQ(page.items.size(), 2u);
  const RdsEvent& failover = page.items[0];
  EXPECT_EQ(failover.source_identifier, "orders-prod-1");
  EXPECT_EQ(failover.source_type, "db-instance");
  EXPECT_EQ(failover.message, "Multi-AZ instance failover started.");
  EXPECT_EQ(failover.categories, (std::vector<std::string>{"failover", "availability"}));
  EXPECT_EQ(failover.date, "2026-12-06T12:03:11.512Z");
  EXPECT_EQ(failover.source_arn, "arn:aws:rds:eu-west-1:123456789012:db:orders-prod-1");
  const RdsEvent& parameter = page.items[1];
  EXPECT_EQ(parameter.source_type, "db-parameter-group");
  EXPECT_TRUE(parameter.categories.empty());
  EXPECT_EQ(parameter.date, "2026-12-06T12:05:00Z");
}

TEST(ParseDescribeEvents, NamesADateThatIsNotATime) {
  EXPECT_THAT(malformed(parse_describe_events,
                        result_answer("DescribeEvents", "<Events><Event><Date>1733486591</Date></Event></Events>")),
              HasSubstr("Events/Event[1]/Date: expected an ISO-8601 time, got '1733486591'"));
}

const std::string kParameters = R"(
    <Parameters>
      <Parameter>
        <ParameterName>innodb_buffer_pool_size</ParameterName>
        <ParameterValue>{DBInstanceClassMemory*3/4}</ParameterValue>
        <Description>The size in bytes of the memory buffer innodb uses to cache data and indexes of its tables</Description>
        <Source>system</Source>
        <ApplyType>static</ApplyType>
        <DataType>integer</DataType>
        <AllowedValues>0-9223372036854775807</AllowedValues>
        <IsModifiable>true</IsModifiable>
        <ApplyMethod>pending-reboot</ApplyMethod>
      </Parameter>
      <Parameter>
        <ParameterName>auto_increment_increment</ParameterName>
        <Description>Intended for use with master-to-master replication</Description>
        <Source>engine-default</Source>
        <ApplyType>dynamic</ApplyType>
        <DataType>integer</DataType>
        <AllowedValues>1-65535</AllowedValues>
        <IsModifiable>false</IsModifiable>
        <ApplyMethod>pending-reboot</ApplyMethod>
        <SupportedEngineModes><member>provisioned</member></SupportedEngineModes>
      </Parameter>
      <Parameter>
        <ParameterName>log_output</ParameterName>
        <ParameterValue>FILE</ParameterValue>
        <Source>user</Source>
        <ApplyType>dynamic</ApplyType>
        <DataType>string</DataType>
        <IsModifiable>true</IsModifiable>
      </Parameter>
    </Parameters>)";

void expect_reference_parameters(const std::vector<DbParameter>& parameters) {
  ASSERT_EQ(parameters.size(), 3u);
  EXPECT_EQ(parameters[0].name, "innodb_buffer_pool_size");
  EXPECT_EQ(parameters[0].value, "{DBInstanceClassMemory*3/4}");
  EXPECT_EQ(parameters[0].source, "system");
  EXPECT_EQ(parameters[0].apply_type, "static");
  EXPECT_EQ(parameters[0].data_type, "integer");
  EXPECT_TRUE(parameters[0].modifiable);
  EXPECT_EQ(parameters[1].name, "auto_increment_increment");
  EXPECT_EQ(parameters[1].value, std::nullopt);
  EXPECT_EQ(parameters[1].source, "engine-default");
  EXPECT_EQ(parameters[1].apply_type, "dynamic");
  EXPECT_FALSE(parameters[1].modifiable);
  EXPECT_EQ(parameters[2].name, "log_output");
  EXPECT_EQ(parameters[2].value, "FILE");
  EXPECT_EQ(parameters[2].source, "user");
  EXPECT_EQ(parameters[2].data_type, "string");
}

TEST(ParseDescribeDbParameters, ReadsEveryParameter) {
  const auto page =
      parsed(parse_describe_db_parameters, result_answer("DescribeDBParameters", kParameters + "\n<Marker>p2</Marker>"));
  EXPECT_EQ(page.marker, "p2");
  expect_reference_parameters(page.items);
}

TEST(ParseDescribeDbClusterParameters, ReadsEveryParameter) {
  const auto page = parsed(parse_describe_db_cluster_parameters, result_answer("DescribeDBClusterParameters", kParameters));
  EXPECT_EQ(page.marker, std::nullopt);
  expect_reference_parameters(page.items);
}

TEST(ParseDescribeEngineDefaultParameters, ReadsThePageInsideEngineDefaults) {
  const auto page = parsed(parse_describe_engine_default_parameters,
                           result_answer("DescribeEngineDefaultParameters",
                                         "<EngineDefaults><DBParameterGroupFamily>mysql8.0</DBParameterGroupFamily>"
                                         "<Marker>ZGVmYXVsdHMtMg==</Marker>" +
                                             kParameters + "</EngineDefaults>"));
  EXPECT_EQ(page.marker, "ZGVmYXVsdHMtMg==");
  expect_reference_parameters(page.items);

  const auto last = parsed(parse_describe_engine_default_cluster_parameters,
                           result_answer("DescribeEngineDefaultClusterParameters",
                                         "<EngineDefaults><DBParameterGroupFamily>aurora-mysql8.0"
                                         "</DBParameterGroupFamily><Marker/>" +
                                             kParameters + "</EngineDefaults>"));
  EXPECT_EQ(last.marker, std::nullopt);
  expect_reference_parameters(last.items);
}

TEST(ParseDescribeEngineDefaultParameters, AMarkerOutsideEngineDefaultsIsNotTheirs) {
  const auto page = parsed(parse_describe_engine_default_parameters,
                           result_answer("DescribeEngineDefaultParameters",
                                         "<EngineDefaults>" + kParameters + "</EngineDefaults><Marker>x</Marker>"));
  EXPECT_EQ(page.marker, std::nullopt);
  EXPECT_EQ(page.items.size(), 3u);
}

TEST(ParseDescribeParameters, NamesWhatIsMissingOrMalformed) {
  const std::string modifiable_maybe =
      "<Parameters><Parameter><ParameterName>max_connections</ParameterName><IsModifiable>maybe</IsModifiable>"
      "</Parameter></Parameters>";
  EXPECT_EQ(malformed(parse_describe_db_parameters, result_answer("DescribeDBParameters", modifiable_maybe)),
            "DescribeDBParameters answer: DescribeDBParametersResponse/DescribeDBParametersResult/Parameters/"
            "Parameter[1]/IsModifiable: expected true or false, got 'maybe'");
  EXPECT_THAT(
      malformed(parse_describe_db_cluster_parameters,
                result_answer("DescribeDBClusterParameters",
                              "<Parameters><Parameter><ParameterValue>1</ParameterValue></Parameter></Parameters>")),
      HasSubstr("Parameters/Parameter[1]: missing element ParameterName"));
  EXPECT_THAT(malformed(parse_describe_engine_default_parameters,
                        result_answer("DescribeEngineDefaultParameters", "<EngineDefaults>" + modifiable_maybe +
                                                                             "</EngineDefaults>")),
              HasSubstr("EngineDefaults/Parameters/Parameter[1]/IsModifiable: expected true or false, got 'maybe'"));
  EXPECT_EQ(malformed(parse_describe_engine_default_cluster_parameters,
                      result_answer("DescribeEngineDefaultClusterParameters", kParameters)),
            "DescribeEngineDefaultClusterParameters answer: DescribeEngineDefaultClusterParametersResponse/"
            "DescribeEngineDefaultClusterParametersResult: missing element EngineDefaults");
}

// Every new parser hands back the Query error of a non-2xx answer, and reads only its own operation's answer.
TEST(ParseRdsInventoryAnswers, ReturnTheServiceErrorAndRejectAnotherOperationsAnswer) {
  const std::string throttled =
      "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender</Type>"
      "<Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
      "<RequestId>7f4e2c1a-0b9d-4a8e-b1c2-d3e4f5a6b7c8</RequestId></ErrorResponse>";
  const std::string other = result_answer("DescribeDBInstances", "<DBInstances/>");
  const auto check = [&](auto parse, const std::string& operation) {
    SCOPED_TRACE(operation);
    const auto error = parse(answer(400, throttled));
    ASSERT_FALSE(error.has_value());
    EXPECT_EQ(error.error().kind, ErrorKind::service);
    EXPECT_EQ(error.error().code, "Throttling");
    EXPECT_EQ(error.error().message, "Rate exceeded");
    EXPECT_EQ(error.error().request_id, "7f4e2c1a-0b9d-4a8e-b1c2-d3e4f5a6b7c8");
    EXPECT_EQ(error.error().http_status, 400);
    EXPECT_EQ(malformed(parse, other),
              operation + " answer: DescribeDBInstancesResponse: missing element " + operation + "Result");
  };
  check(parse_describe_pending_maintenance_actions, "DescribePendingMaintenanceActions");
  check(parse_describe_db_major_engine_versions, "DescribeDBMajorEngineVersions");
  check(parse_describe_account_attributes, "DescribeAccountAttributes");
  check(parse_describe_events, "DescribeEvents");
  check(parse_describe_db_parameters, "DescribeDBParameters");
  check(parse_describe_db_cluster_parameters, "DescribeDBClusterParameters");
  check(parse_describe_engine_default_parameters, "DescribeEngineDefaultParameters");
  check(parse_describe_engine_default_cluster_parameters, "DescribeEngineDefaultClusterParameters");
}

}  // namespace
}  // namespace rds_exporter::aws
