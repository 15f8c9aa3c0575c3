#include "logging/log_setup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <string>
#include <vector>

namespace rds_exporter::logging {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class LogSetupTest : public ::testing::Test {
 protected:
  void configure(std::string_view spec_text, LogFormat format) {
    configure_logging(std::get<LevelSpec>(parse_level_spec(spec_text)), format,
                      std::make_shared<spdlog::sinks::ostream_sink_mt>(output_));
  }
  std::vector<std::string> lines() {
    for (const auto& component : component_names()) logger(component)->flush();
    std::vector<std::string> result;
    std::istringstream stream(output_.str());
    for (std::string line; std::getline(stream, line);) result.push_back(line);
    return result;
  }
  void TearDown() override { spdlog::drop_all(); }

  std::ostringstream output_;
};

TEST_F(LogSetupTest, ComponentLevelLetsOnlyThatComponentDebug) {
  configure("info,aws=debug", LogFormat::text);
  logger("aws")->debug("signing request");
  logger("http")->debug("GET /metrics");
  const std::string all = output_.str();
  EXPECT_THAT(all, HasSubstr("[aws] signing request"));
  EXPECT_THAT(all, Not(HasSubstr("GET /metrics")));
}

TEST_F(LogSetupTest, JsonLinesAreValidJsonEvenWithQuotesAndNewlines) {
  configure("info", LogFormat::json);
  logger("config")->warn("value \"x\"\nnext line");
  const auto output = lines();
  ASSERT_EQ(output.size(), 1u);
  const auto parsed = nlohmann::json::parse(output[0]);
  EXPECT_EQ(parsed["level"], "warning");
  EXPECT_EQ(parsed["component"], "config");
  EXPECT_EQ(parsed["message"], "value \"x\"\nnext line");
  EXPECT_THAT(parsed["time"].get<std::string>(), ::testing::MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z)"));
}

TEST_F(LogSetupTest, UnknownComponentFallsBackToTheDefaultLogger) {
  configure("info", LogFormat::text);
  EXPECT_EQ(logger("no-such-component"), spdlog::default_logger());
}

}  // namespace
}  // namespace rds_exporter::logging
