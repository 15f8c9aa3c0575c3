#include "logging/level_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::logging {
namespace {

using ::testing::HasSubstr;

LevelSpec parse_ok(std::string_view text) {
  auto result = parse_level_spec(text);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << "unexpected error: " << *error;
  return std::get_if<LevelSpec>(&result) ? std::get<LevelSpec>(result) : LevelSpec{};
}

std::string parse_error(std::string_view text) {
  auto result = parse_level_spec(text);
  if (std::holds_alternative<LevelSpec>(result)) {
    ADD_FAILURE() << "'" << text << "' was accepted";
    return {};
  }
  return std::get<std::string>(result);
}

TEST(LevelSpec, PlainLevelAppliesToEveryComponent) {
  const LevelSpec spec = parse_ok("debug");
  EXPECT_EQ(spec.level_for("aws"), spdlog::level::debug);
  EXPECT_EQ(spec.level_for("http"), spdlog::level::debug);
}

TEST(LevelSpec, ComponentOverridesTheDefaultOnlyForThatComponent) {
  const LevelSpec spec = parse_ok("info, aws=debug,http=warn");
  EXPECT_EQ(spec.level_for("aws"), spdlog::level::debug);
  EXPECT_EQ(spec.level_for("http"), spdlog::level::warn);
  EXPECT_EQ(spec.level_for("config"), spdlog::level::info);
}

TEST(LevelSpec, DefaultIsInfoWhenOnlyComponentsAreGiven) {
  EXPECT_EQ(parse_ok("aws=trace").level_for("main"), spdlog::level::info);
}

TEST(LevelSpec, AcceptsWarningAndUppercaseAsPeopleWriteThem) {
  EXPECT_EQ(parse_ok("WARNING").default_level, spdlog::level::warn);
}

TEST(LevelSpec, UnknownLevelIsAnErrorWithASuggestion) {
  const std::string error = parse_error("info,aws=debgu");
  EXPECT_THAT(error, HasSubstr("unknown level 'debgu'"));
  EXPECT_THAT(error, HasSubstr("did you mean 'debug'?"));
}

TEST(LevelSpec, UnknownComponentIsAnErrorListingTheValidOnes) {
  const std::string error = parse_error("info,awss=debug");
  EXPECT_THAT(error, HasSubstr("unknown component 'awss'"));
  EXPECT_THAT(error, HasSubstr("did you mean 'aws'?"));
  EXPECT_THAT(error, HasSubstr("http"));
}

TEST(LevelSpec, RejectsEmptyEntriesAndTwoDefaults) {
  EXPECT_THAT(parse_error(""), HasSubstr("empty entry"));
  EXPECT_THAT(parse_error("info,,aws=debug"), HasSubstr("empty entry"));
  EXPECT_THAT(parse_error("info,debug"), HasSubstr("more than one default level"));
}

}  // namespace
}  // namespace rds_exporter::logging
