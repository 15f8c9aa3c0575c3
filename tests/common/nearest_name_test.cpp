#include "common/nearest_name.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rds_exporter::common {
namespace {

const std::vector<std::string> kExporterKeys{"host", "port", "collection_interval"};

TEST(NearestName, SuggestsTheKeyATransposedTypoMeant) {
  EXPECT_EQ(nearest_name("prot", kExporterKeys), "port");
}

TEST(NearestName, SuggestsDespiteADroppedLetter) {
  EXPECT_EQ(nearest_name("colection_interval", kExporterKeys), "collection_interval");
}

TEST(NearestName, IgnoresCase) { EXPECT_EQ(nearest_name("Host", kExporterKeys), "host"); }

TEST(NearestName, SuggestsNothingForAnUnrelatedName) {
  EXPECT_EQ(nearest_name("database", kExporterKeys), std::nullopt);
}

TEST(NearestName, SuggestsNothingWithoutCandidates) { EXPECT_EQ(nearest_name("port", {}), std::nullopt); }

}  // namespace
}  // namespace rds_exporter::common
