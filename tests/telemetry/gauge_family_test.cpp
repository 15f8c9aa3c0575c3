#include "telemetry/metric_families.h"

#include "exposition/text_format.h"

#include <gtest/gtest.h>

#include <vector>

namespace rds_exporter::telemetry {
namespace {

GaugeFamily expiry() {
  return GaugeFamily("rds_exporter_credentials_expiry_seconds", "Seconds until the credentials expire.", {"source"});
}

TEST(GaugeFamily, SetReplacesThePreviousValue) {
  auto gauge = expiry();
  gauge.set({"sso"}, 3600);
  gauge.set({"sso"}, 1200.5);
  gauge.set({"web_identity"}, -1);

  EXPECT_EQ(gauge.value({"sso"}), 1200.5);
  EXPECT_EQ(gauge.value({"web_identity"}), -1);
  EXPECT_EQ(gauge.value({"imds"}), 0);
}

TEST(GaugeFamily, RemoveDropsTheSeriesFromTheExposition) {
  auto gauge = expiry();
  gauge.set({"sso"}, 3600);
  gauge.set({"imds"}, 21600);
  gauge.remove({"sso"});

  EXPECT_EQ(gauge.value({"sso"}), 0);
  const exposition::MetricFamily family = gauge.collect();
  EXPECT_EQ(family.type, exposition::MetricType::gauge);
  const std::vector<exposition::MetricFamily> families{family};
  EXPECT_EQ(exposition::to_text(families),
            "# HELP rds_exporter_credentials_expiry_seconds Seconds until the credentials expire.\n"
            "# TYPE rds_exporter_credentials_expiry_seconds gauge\n"
            "rds_exporter_credentials_expiry_seconds{source=\"imds\"} 21600\n");
}

TEST(GaugeFamily, RemovingTheLastSeriesLeavesNothingToExpose) {
  auto gauge = expiry();
  gauge.set({"sso"}, 3600);
  gauge.remove({"sso"});
  gauge.remove({"never-set"});

  const std::vector<exposition::MetricFamily> families{gauge.collect()};
  EXPECT_EQ(exposition::to_text(families), "");
}

TEST(GaugeFamily, ASeriesRemovedAndSetAgainComesBack) {
  auto gauge = expiry();
  gauge.set({"sso"}, 1);
  gauge.remove({"sso"});
  gauge.set({"sso"}, 2);
  EXPECT_EQ(gauge.value({"sso"}), 2);
  EXPECT_EQ(gauge.collect().samples.size(), 1u);
}

// A scope another replica now serves: every series of that account and region goes, whatever its other labels,
// and no other scope's.
TEST(GaugeFamily, RemovingByPrefixDropsEverySeriesOfThatScopeOnly) {
  GaugeFamily streams("rds_exporter_enhanced_monitoring_streams", "Streams.", {"aws_account_id", "region", "state"});
  streams.set({"111111111111", "eu-west-1", "reading"}, 10);
  streams.set({"111111111111", "eu-west-1", "missing"}, 1);
  streams.set({"111111111111", "eu-west-2", "reading"}, 4);
  streams.set({"222222222222", "eu-west-1", "reading"}, 3);
  streams.remove_prefixed({"111111111111", "eu-west-1"});
  const exposition::MetricFamily family = streams.collect();
  ASSERT_EQ(family.samples.size(), 2u);
  EXPECT_EQ(streams.value({"111111111111", "eu-west-2", "reading"}), 4);
  EXPECT_EQ(streams.value({"222222222222", "eu-west-1", "reading"}), 3);
}

}  // namespace
}  // namespace rds_exporter::telemetry
