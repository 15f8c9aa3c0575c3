// RDS Query API answers: the same bytes as DescribeDBInstances' answer and as the answer of every other RDS listing
// the exporter reads (the inventory source's calls), since they share the XML reader but not the fields they read.
#include "aws/services/rds_wire.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace aws = rds_exporter::aws;
  const auto response = rds_exporter::fuzz::answer(200, rds_exporter::fuzz::text_of(data, size));
  (void)aws::parse_describe_db_instances(response);
  (void)aws::parse_describe_pending_maintenance_actions(response);
  (void)aws::parse_describe_db_major_engine_versions(response);
  (void)aws::parse_describe_account_attributes(response);
  (void)aws::parse_describe_events(response);
  (void)aws::parse_describe_db_parameters(response);
  (void)aws::parse_describe_db_cluster_parameters(response);
  (void)aws::parse_describe_engine_default_parameters(response);
  (void)aws::parse_describe_engine_default_cluster_parameters(response);
  return 0;
}
