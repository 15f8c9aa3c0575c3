#include "exposition/text_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace rds_exporter::exposition {
namespace {

MetricFamily gauge(double value) { return {"g", "", MetricType::gauge, {{{}, value, std::nullopt}}}; }

std::string value_line(double value) {
  std::string out;
  append_text(out, gauge(value));
  return out.substr(out.find("\ng ") + 3);
}

TEST(TextFormat, WritesHelpTypeAndSamples) {
  const MetricFamily family{"rds_connections",
                            "Open database connections.",
                            MetricType::gauge,
                            {{{{"instance", "db-1"}}, 12, std::nullopt}, {{{"instance", "db-2"}}, 3, std::nullopt}}};
  std::string out;
  append_text(out, family);
  EXPECT_EQ(out,
            "# HELP rds_connections Open database connections.\n"
            "# TYPE rds_connections gauge\n"
            "rds_connections{instance=\"db-1\"} 12\n"
            "rds_connections{instance=\"db-2\"} 3\n");
}

TEST(TextFormat, SpellsEachType) {
  std::string out;
  append_text(out, MetricFamily{"c_total", "", MetricType::counter, {{{}, 1, std::nullopt}}});
  append_text(out, MetricFamily{"u", "", MetricType::untyped, {{{}, 1, std::nullopt}}});
  EXPECT_EQ(out, "# TYPE c_total counter\nc_total 1\n# TYPE u untyped\nu 1\n");
}

TEST(TextFormat, WritesAHistogramsSeriesUnderTheirSuffixes) {
  std::string out;
  append_text(out, MetricFamily{"d_seconds",
                                "",
                                MetricType::histogram,
                                {{{{"le", "0.1"}}, 2, std::nullopt, "_bucket"},
                                 {{{"le", "+Inf"}}, 3, std::nullopt, "_bucket"},
                                 {{}, 0.25, std::nullopt, "_sum"},
                                 {{}, 3, std::nullopt, "_count"}}});
  EXPECT_EQ(out,
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{le=\"0.1\"} 2\n"
            "d_seconds_bucket{le=\"+Inf\"} 3\n"
            "d_seconds_sum 0.25\n"
            "d_seconds_count 3\n");
}

TEST(TextFormat, EscapesBackslashAndNewlineInHelpButNotQuotes) {
  std::string out;
  append_text(out, MetricFamily{"m", "a \\ b\n\"c\"", MetricType::gauge, {{{}, 1, std::nullopt}}});
  EXPECT_EQ(out.substr(0, out.find('\n')), R"(# HELP m a \\ b\n"c")");
}

TEST(TextFormat, EscapesBackslashQuoteAndNewlineInLabelValues) {
  std::string out;
  append_text(out, MetricFamily{"m", "", MetricType::gauge, {{{{"v", "C:\\db \"main\"\nnext"}}, 1, std::nullopt}}});
  EXPECT_EQ(out, "# TYPE m gauge\nm{v=\"C:\\\\db \\\"main\\\"\\nnext\"} 1\n");
}

TEST(TextFormat, KeepsLabelsInTheGivenOrder) {
  std::string out;
  append_text(out, MetricFamily{"m", "", MetricType::gauge,
                                {{{{"zone", "a"}, {"instance", "db"}, {"engine", "postgres"}}, 1, std::nullopt}}});
  EXPECT_EQ(out, "# TYPE m gauge\nm{zone=\"a\",instance=\"db\",engine=\"postgres\"} 1\n");
}

TEST(TextFormat, WritesEmptyLabelValues) {
  std::string out;
  append_text(out, MetricFamily{"m", "", MetricType::gauge, {{{{"role", ""}}, 1, std::nullopt}}});
  EXPECT_EQ(out, "# TYPE m gauge\nm{role=\"\"} 1\n");
}

TEST(TextFormat, FormatsValuesAsShortestRoundTrip) {
  EXPECT_EQ(value_line(0), "0\n");
  EXPECT_EQ(value_line(42), "42\n");
  EXPECT_EQ(value_line(-3.5), "-3.5\n");
  EXPECT_EQ(value_line(0.1), "0.1\n");
  EXPECT_EQ(value_line(1.0 / 3), "0.3333333333333333\n");
  EXPECT_EQ(value_line(123456789012), "123456789012\n");
  EXPECT_EQ(value_line(1e-7), "1e-07\n");
  EXPECT_EQ(value_line(1e21), "1e+21\n");
  // Fixed notation wins whenever it is the shorter exact spelling, as with 2^64.
  EXPECT_EQ(value_line(1.8446744073709552e19), "18446744073709551616\n");
}

TEST(TextFormat, SpellsInfinitiesAndNaNAsPrometheusParsesThem) {
  EXPECT_EQ(value_line(std::numeric_limits<double>::infinity()), "+Inf\n");
  EXPECT_EQ(value_line(-std::numeric_limits<double>::infinity()), "-Inf\n");
  EXPECT_EQ(value_line(std::nan("")), "NaN\n");
}

TEST(TextFormat, AppendsTimestampInMilliseconds) {
  std::string out;
  append_text(out, MetricFamily{"m", "", MetricType::gauge, {{{}, 2.5, 1700000000123}}});
  EXPECT_EQ(out, "# TYPE m gauge\nm 2.5 1700000000123\n");
}

TEST(TextFormat, OmitsFamiliesWithoutSamples) {
  std::string out;
  append_text(out, MetricFamily{"m", "Nothing yet.", MetricType::gauge, {}});
  EXPECT_EQ(out, "");
}

TEST(TextFormat, AppendsToExistingContent) {
  std::string out = "# existing\n";
  append_text(out, gauge(1));
  EXPECT_EQ(out, "# existing\n# TYPE g gauge\ng 1\n");
}

TEST(TextFormat, ToTextConcatenatesFamiliesInOrder) {
  const std::vector<MetricFamily> families{
      {"b", "", MetricType::gauge, {{{}, 2, std::nullopt}}},
      {"a", "", MetricType::gauge, {{{}, 1, std::nullopt}}},
  };
  EXPECT_EQ(to_text(families), "# TYPE b gauge\nb 2\n# TYPE a gauge\na 1\n");
}

}  // namespace
}  // namespace rds_exporter::exposition
