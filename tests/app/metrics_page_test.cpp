#include "app/metrics_page.h"

#include "exposition/gzip_join.h"

#include "../exposition/gunzip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rds_exporter::app {
namespace {

using ::testing::EndsWith;
using rds_exporter::testing::gunzip;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const BuildInfo kBuild{"1.2.3", "abc1234", "2024-01-01"};

// A root without /proc files: the process metrics are left out, so the self-metrics text is exact.
const std::filesystem::path kNoProc = "/nonexistent-proc-root";

constexpr char kBuildInfoText[] = "# HELP rds_exporter_build_info";

const std::string kFleetText =
    "# HELP rds_cpuutilization CPU\n# TYPE rds_cpuutilization gauge\nrds_cpuutilization{db_instance_identifier=\"a\"} "
    "1\n";

publishing::RenderedPagePtr fleet_page(const std::string& text, const std::string& openmetrics = "") {
  return std::make_shared<publishing::RenderedPage>(text, openmetrics);
}

std::vector<exposition::MetricFamily> collector_metrics() {
  return {{"rds_exporter_collections_total", "Collection cycles.", exposition::MetricType::counter, {{{}, 7, {}}}}};
}

MetricsPage page_with_fleet(publishing::RenderedPagePtr fleet, std::filesystem::path proc_root = kNoProc) {
  return MetricsPage(
      kBuild, [fleet] { return fleet; }, {collector_metrics}, std::move(proc_root));
}

TEST(MetricsPage, PlainIsTheFleetPageThenBuildInfoThenEachSource) {
  const auto body = page_with_fleet(fleet_page(kFleetText)).render(false);
  EXPECT_FALSE(body.gzipped);
  EXPECT_EQ(body.joined(), kFleetText +
                           "# HELP rds_exporter_build_info A metric with a constant '1' value labeled by version and "
                           "revision from which rds_exporter was built.\n"
                           "# TYPE rds_exporter_build_info gauge\n"
                           "rds_exporter_build_info{version=\"1.2.3\",revision=\"abc1234\"} 1\n"
                           "# HELP rds_exporter_collections_total Collection cycles.\n"
                           "# TYPE rds_exporter_collections_total counter\n"
                           "rds_exporter_collections_total 7\n");
}

TEST(MetricsPage, OpenMetricsNamesCountersWithoutTotalTurnsInfoGaugesIntoInfoAndEndsWithEof) {
  const std::string openmetrics =
      "# HELP rds_cpuutilization CPU\n# TYPE rds_cpuutilization gauge\nrds_cpuutilization 1 1700000000.5\n";
  auto page = fleet_page(kFleetText, openmetrics);
  const std::string expected = openmetrics +
                               "# HELP rds_exporter_build A metric with a constant '1' value labeled by version and "
                               "revision from which rds_exporter was built.\n"
                               "# TYPE rds_exporter_build info\n"
                               "rds_exporter_build_info{version=\"1.2.3\",revision=\"abc1234\"} 1\n"
                               "# HELP rds_exporter_collections Collection cycles.\n"
                               "# TYPE rds_exporter_collections counter\n"
                               "rds_exporter_collections_total 7\n"
                               "# EOF\n";
  const auto plain = page_with_fleet(page).render(false, exposition::Format::openmetrics);
  EXPECT_EQ(plain.joined(), expected);
  EXPECT_EQ(gunzip(page_with_fleet(page).render(true, exposition::Format::openmetrics).joined()), expected);
  // The 0.0.4 page is unchanged beside it.
  EXPECT_THAT(page_with_fleet(page).render(false).joined(), StartsWith(kFleetText));
}

TEST(MetricsPage, GzipInflatesToThePlainBody) {
  const MetricsPage page = page_with_fleet(fleet_page(kFleetText));
  const auto gzipped = page.render(true);
  EXPECT_TRUE(gzipped.gzipped);
  EXPECT_EQ(gunzip(gzipped.joined()), page.render(false).joined());
}

TEST(MetricsPage, WithoutAFleetPageOnlyTheSelfMetricsAreServed) {
  for (const publishing::RenderedPagePtr& fleet : {publishing::RenderedPagePtr(), fleet_page("")}) {
    const MetricsPage page = page_with_fleet(fleet);
    const auto plain = page.render(false);
    EXPECT_THAT(plain.joined(), StartsWith(kBuildInfoText));
    EXPECT_THAT(plain.joined(), EndsWith("rds_exporter_collections_total 7\n"));
    EXPECT_EQ(gunzip(page.render(true).joined()), plain.joined());
  }
}

TEST(MetricsPage, ProcessMetricsComeBeforeBuildInfo) {
  const auto body = page_with_fleet(fleet_page(kFleetText), "/proc").render(false).joined();
  EXPECT_THAT(body, StartsWith(kFleetText + "# HELP process_"));
  EXPECT_LT(body.find("process_cpu_seconds_total"), body.find("rds_exporter_build_info"));
}

TEST(MetricsPage, EachScrapeAsksTheSourcesAgain) {
  int scrapes = 0;
  const MetricsPage page(
      kBuild, [] { return publishing::RenderedPagePtr(); }, {[&scrapes]() -> std::vector<exposition::MetricFamily> {
        ++scrapes;
        return {{"rds_exporter_scrapes", "", exposition::MetricType::gauge, {{{}, static_cast<double>(scrapes), {}}}}};
      }},
      kNoProc);
  EXPECT_THAT(page.render(false).joined(), HasSubstr("rds_exporter_scrapes 1\n"));
  EXPECT_THAT(gunzip(page.render(true).joined()), HasSubstr("rds_exporter_scrapes 2\n"));
}

}  // namespace
}  // namespace rds_exporter::app
