#include "app/metrics_page.h"

#include "exposition/gzip_join.h"
#include "telemetry/metric_families.h"

#include "../exposition/gunzip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

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
      kBuild, [fleet] { return fleet; }, {collector_metrics}, {}, std::move(proc_root));
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

// A per-scrape source, such as the HTTP server's request counts: asked on every scrape, its families come last.
std::vector<exposition::MetricFamily> scrape_count(int& scrapes) {
  ++scrapes;
  return {{"rds_exporter_scrapes", "Scrapes.", exposition::MetricType::gauge, {{{}, static_cast<double>(scrapes), {}}}}};
}

TEST(MetricsPage, EachScrapeAsksThePerScrapeSourcesAgainAndSendsThemLast) {
  int scrapes = 0;
  const MetricsPage page(
      kBuild, [] { return fleet_page(kFleetText); }, {collector_metrics}, {[&scrapes] { return scrape_count(scrapes); }},
      kNoProc);
  EXPECT_THAT(page.render(false).joined(), EndsWith("rds_exporter_collections_total 7\n# HELP rds_exporter_scrapes Scrapes.\n"
                                                    "# TYPE rds_exporter_scrapes gauge\nrds_exporter_scrapes 1\n"));
  const std::string gzipped = gunzip(page.render(true).joined());
  EXPECT_THAT(gzipped, StartsWith(kFleetText));
  EXPECT_THAT(gzipped, EndsWith("rds_exporter_collections_total 7\n# HELP rds_exporter_scrapes Scrapes.\n"
                                "# TYPE rds_exporter_scrapes gauge\nrds_exporter_scrapes 2\n"));
  EXPECT_THAT(gunzip(page.render(true, exposition::Format::openmetrics).joined()),
              EndsWith("rds_exporter_scrapes 3\n# EOF\n"));
}

// A self-metric source made of telemetry families, counting how often it is asked.
struct CountedSource {
  CountedSource() { calls.increment({}, 0); }
  telemetry::CounterFamily calls{"rds_exporter_test_calls_total", "Calls.", {}};
  int asked = 0;
  std::vector<exposition::MetricFamily> operator()() {
    ++asked;
    return {calls.collect()};
  }
};

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  MetricsPage::Clock clock() {
    return [this] { return now; };
  }
};

TEST(MetricsPage, TheSelfMetricsAreRenderedAgainOnlyOnceATelemetryFamilyChanged) {
  CountedSource source;
  FakeClock clock;
  const MetricsPage page(
      kBuild, [] { return fleet_page(kFleetText); }, {std::ref(source)}, {}, kNoProc, clock.clock());
  EXPECT_THAT(page.render(false).joined(), HasSubstr("rds_exporter_test_calls_total 0\n"));
  EXPECT_THAT(gunzip(page.render(true).joined()), HasSubstr("rds_exporter_test_calls_total 0\n"));
  EXPECT_EQ(source.asked, 1) << "nothing changed: the text rendered first is served again, plain and gzip";

  source.calls.increment({});
  EXPECT_THAT(gunzip(page.render(true).joined()), HasSubstr("rds_exporter_test_calls_total 1\n"));
  EXPECT_THAT(page.render(false).joined(), HasSubstr("rds_exporter_test_calls_total 1\n"));
  EXPECT_EQ(source.asked, 2);

  // OpenMetrics has its own text, rendered once too.
  page.render(false, exposition::Format::openmetrics);
  page.render(true, exposition::Format::openmetrics);
  EXPECT_EQ(source.asked, 3);
}

TEST(MetricsPage, TheSelfMetricsAreRenderedAgainOnceTheProcessMetricsAreTooOld) {
  CountedSource source;
  FakeClock clock;
  const MetricsPage page(
      kBuild, [] { return nullptr; }, {std::ref(source)}, {}, kNoProc, clock.clock());
  page.render(false);
  clock.now += MetricsPage::kSelfMetricsMaxAge - std::chrono::milliseconds(1);
  page.render(false);
  EXPECT_EQ(source.asked, 1);
  clock.now += std::chrono::milliseconds(1);
  page.render(false);
  EXPECT_EQ(source.asked, 2);
}

TEST(MetricsPage, AResponseKeepsTheSelfMetricsItWasGivenAfterTheyAreRenderedAgain) {
  CountedSource source;
  FakeClock clock;
  const MetricsPage page(
      kBuild, [] { return fleet_page(kFleetText); }, {std::ref(source)}, {}, kNoProc, clock.clock());
  const auto plain = page.render(false);
  const auto gzipped = page.render(true);
  source.calls.increment({}, 5);
  EXPECT_THAT(page.render(false).joined(), HasSubstr("rds_exporter_test_calls_total 5\n"));
  EXPECT_THAT(plain.joined(), HasSubstr("rds_exporter_test_calls_total 0\n"));
  EXPECT_THAT(gunzip(gzipped.joined()), HasSubstr("rds_exporter_test_calls_total 0\n"));
}

TEST(MetricsPage, ScrapesOnManyThreadsWhileTheSelfMetricsChangeEachGetAWholeBody) {
  CountedSource source;
  const MetricsPage page(
      kBuild, [] { return fleet_page(kFleetText); }, {std::ref(source)}, {}, kNoProc);
  std::atomic<bool> done{false};
  std::thread counting([&] {
    for (int i = 0; i < 2000; ++i) source.calls.increment({});
    done = true;
  });
  std::vector<std::thread> scrapers;
  std::atomic<int> whole{0};
  std::atomic<int> scrapes{0};
  for (int t = 0; t < 4; ++t) {
    scrapers.emplace_back([&, t] {
      while (!done || scrapes < 8) {
        const bool gzip = t % 2 == 1;
        const std::string text = gzip ? gunzip(page.render(true).joined()) : page.render(false).joined();
        ++scrapes;
        if (text.starts_with(kFleetText) && text.find("rds_exporter_test_calls_total ") != std::string::npos &&
            text.ends_with("\n")) {
          ++whole;
        }
      }
    });
  }
  counting.join();
  for (auto& scraper : scrapers) scraper.join();
  EXPECT_EQ(whole.load(), scrapes.load());
  EXPECT_THAT(page.render(false).joined(), HasSubstr("rds_exporter_test_calls_total 2000\n"));
}

}  // namespace
}  // namespace rds_exporter::app
