#include "http/landing_page.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LandingPage, ShowsTheVersionAndLinksBothEndpoints) {
  const auto page = landing_page("0.1.0");
  EXPECT_THAT(page, HasSubstr("Version 0.1.0"));
  EXPECT_THAT(page, HasSubstr("<a href=\"/metrics\">"));
  EXPECT_THAT(page, HasSubstr("<a href=\"/health\">"));
}

TEST(LandingPage, EscapesTheVersion) {
  const auto page = landing_page("<script>\"&\"</script>");
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;&quot;&amp;&quot;&lt;/script&gt;"));
  EXPECT_THAT(page, Not(HasSubstr("<script>")));
}

}  // namespace
}  // namespace rds_exporter::http
