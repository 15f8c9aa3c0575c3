#include "exposition/names.h"

#include <gtest/gtest.h>

namespace rds_exporter::exposition {
namespace {

TEST(MetricName, AcceptsPrometheusSyntax) {
  EXPECT_TRUE(is_valid_metric_name("rds_cpu_utilization_ratio"));
  EXPECT_TRUE(is_valid_metric_name("_private"));
  EXPECT_TRUE(is_valid_metric_name("job:rds_cpu:avg5m"));
  EXPECT_TRUE(is_valid_metric_name("a1"));
}

TEST(MetricName, RejectsWhatPrometheusRejects) {
  EXPECT_FALSE(is_valid_metric_name(""));
  EXPECT_FALSE(is_valid_metric_name("1rds"));
  EXPECT_FALSE(is_valid_metric_name("rds-cpu"));
  EXPECT_FALSE(is_valid_metric_name("rds cpu"));
  EXPECT_FALSE(is_valid_metric_name("rds.cpu"));
  EXPECT_FALSE(is_valid_metric_name("r\xc3\xa9seau"));
}

TEST(LabelName, AcceptsPrometheusSyntax) {
  EXPECT_TRUE(is_valid_label_name("dbi_resource_id"));
  EXPECT_TRUE(is_valid_label_name("_engine"));
  EXPECT_TRUE(is_valid_label_name("AZ2"));
}

TEST(LabelName, RejectsColonsDigitsFirstAndReservedPrefix) {
  EXPECT_FALSE(is_valid_label_name(""));
  EXPECT_FALSE(is_valid_label_name("job:instance"));
  EXPECT_FALSE(is_valid_label_name("2az"));
  EXPECT_FALSE(is_valid_label_name("instance-id"));
  EXPECT_FALSE(is_valid_label_name("__name__"));
}

}  // namespace
}  // namespace rds_exporter::exposition
