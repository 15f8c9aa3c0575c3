#include "aws/transport/transport_settings.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

TEST(TransportSettingsFrom, TakesTheCaBundleFromAwsCaBundle) {
  TransportSettings defaults;
  defaults.max_concurrent_requests = 3;
  const auto settings = transport_settings_from({{"AWS_CA_BUNDLE", "/etc/corp/ca.pem"}}, defaults);
  EXPECT_EQ(settings.ca_bundle, "/etc/corp/ca.pem");
  EXPECT_EQ(settings.max_concurrent_requests, 3);
}

TEST(TransportSettingsFrom, KeepsTheDefaultWhenAwsCaBundleIsUnsetOrEmpty) {
  TransportSettings defaults;
  defaults.ca_bundle = "/default.pem";
  EXPECT_EQ(transport_settings_from({}, defaults).ca_bundle, "/default.pem");
  EXPECT_EQ(transport_settings_from({{"AWS_CA_BUNDLE", ""}}, defaults).ca_bundle, "/default.pem");
  EXPECT_FALSE(transport_settings_from({}, TransportSettings{}).ca_bundle);
}

}  // namespace
}  // namespace rds_exporter::aws
