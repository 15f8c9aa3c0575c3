#include "exposition/build_info.h"

#include "exposition/text_format.h"

#include <gtest/gtest.h>

namespace rds_exporter::exposition {
namespace {

TEST(BuildInfo, IsAConstantOneGaugeLabeledByVersionAndRevision) {
  std::string out;
  append_text(out, build_info_family("1.2.3", "abc123"));
  EXPECT_EQ(out,
            "# HELP rds_exporter_build_info A metric with a constant '1' value labeled by version and revision "
            "from which rds_exporter was built.\n"
            "# TYPE rds_exporter_build_info gauge\n"
            "rds_exporter_build_info{version=\"1.2.3\",revision=\"abc123\"} 1\n");
}

}  // namespace
}  // namespace rds_exporter::exposition
