// coordination.*: the Kubernetes Lease keys, and client-go's rule between their durations.
#include "loader_fixture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(LoaderTest, CoordinationIsOffWithClientGosRecommendedDurations) {
  write("default.yaml", "coordination: {}\n");
  const LoadResult result = load();
  ASSERT_TRUE(result.settings) << errors(result).front();
  const auto& coordination = result.settings->coordination;
  EXPECT_FALSE(coordination.enabled);
  EXPECT_EQ(coordination.lease_prefix, "rds-exporter");
  EXPECT_EQ(coordination.lease_duration.count(), 15);
  EXPECT_EQ(coordination.renew_deadline.count(), 10);
  EXPECT_EQ(coordination.retry_period.count(), 2);
  EXPECT_FALSE(coordination.namespace_);
  EXPECT_FALSE(coordination.identity);
  EXPECT_FALSE(coordination.kubeconfig);
}

TEST_F(LoaderTest, CoordinationKeysFromTheEnvironment) {
  write("default.yaml", "coordination: {}\n");
  request.environment["APP_COORDINATION_ENABLED"] = "true";
  request.environment["APP_COORDINATION_NAMESPACE"] = "monitoring";
  request.environment["APP_COORDINATION_IDENTITY"] = "rds-exporter-7f9c-x2";
  request.environment["APP_COORDINATION_KUBECONFIG"] = "/home/me/.kube/config";
  const LoadResult result = load();
  ASSERT_TRUE(result.settings) << errors(result).front();
  EXPECT_TRUE(result.settings->coordination.enabled);
  EXPECT_EQ(result.settings->coordination.namespace_, "monitoring");
  EXPECT_EQ(result.settings->coordination.identity, "rds-exporter-7f9c-x2");
  EXPECT_EQ(result.settings->coordination.kubeconfig, "/home/me/.kube/config");
}

TEST_F(LoaderTest, ALeaseThatCouldExpireBeforeItsHolderGivesItUpIsRefused) {
  write("default.yaml", "coordination:\n  lease_duration: 10\n  renew_deadline: 10\n");
  const LoadResult result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result),
              ElementsAre(AllOf(HasSubstr("coordination.lease_duration (config/default.yaml"),
                                HasSubstr("must be greater than coordination.renew_deadline"))));
}

TEST_F(LoaderTest, ARenewDeadlineWithoutRoomForARetryIsRefused) {
  write("default.yaml", "coordination:\n  renew_deadline: 6\n  retry_period: 5\n");
  const LoadResult result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result), ElementsAre(HasSubstr("coordination.renew_deadline (config/default.yaml")));
  EXPECT_THAT(errors(result), ElementsAre(HasSubstr("must be greater than 1.2 x coordination.retry_period (config/default.yaml:3)")));
}

TEST_F(LoaderTest, ANamespaceOrLeasePrefixThatKubernetesWouldRejectNamesTheRule) {
  write("default.yaml", "coordination:\n  namespace: Monitoring\n  lease_prefix: -rds\n");
  const LoadResult result = load();
  EXPECT_FALSE(result.settings);
  EXPECT_THAT(errors(result),
              ElementsAre(HasSubstr("coordination.namespace: expected a Kubernetes name of at most 63 characters: "
                                    "lower-case letters, digits and '-', beginning and ending with a letter or "
                                    "digit, got 'Monitoring'"),
                          HasSubstr("coordination.lease_prefix: expected a Kubernetes name of at most 160 characters")));
}

}  // namespace
}  // namespace rds_exporter::config
