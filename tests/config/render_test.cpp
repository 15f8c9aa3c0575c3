#include "config/render.h"
#include "config/key_table.h"
#include "loader_fixture.h"

#include <gmock/gmock.h>

#include <sstream>

namespace rds_exporter::config {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

TEST_F(LoaderTest, CheckConfigShowsEveryKeyWithItsValueAndSource) {
  write("default.yaml", "aws:\n  region: us-east-1\n");
  write("development.yaml", "log:\n  level: debug\n");
  request.environment["APP_EXPORTER_PORT"] = "9555";
  request.overrides.push_back(Override{"log.format", "json", "flag --log-format"});
  const auto lines = lines_of(render_effective_configuration(load()));

  ASSERT_EQ(lines.size(), key_table().size() + 1);
  EXPECT_EQ(lines[0], "config dir: config (found ./config), RUN_MODE: development (default)");
  EXPECT_THAT(lines, Contains(MatchesRegex("aws\\.region +us-east-1 +config/default\\.yaml:2")));
  EXPECT_THAT(lines, Contains(MatchesRegex("aws\\.credentials\\.profile +\\(unset\\) +default")));
  EXPECT_THAT(lines, Contains(MatchesRegex("exporter\\.port +9555 +env APP_EXPORTER_PORT")));
  EXPECT_THAT(lines, Contains(MatchesRegex("cloudwatch\\.retry_delay +1 +default")));
  EXPECT_THAT(lines, Contains(MatchesRegex("log\\.level +debug +config/development\\.yaml:2")));
  EXPECT_THAT(lines, Contains(MatchesRegex("log\\.format +json +flag --log-format")));
}

TEST_F(LoaderTest, CheckConfigNeverShowsTheExternalId) {
  request.environment["APP_AWS_ASSUME_ROLE_EXTERNAL_ID"] = "shared-secret-between-accounts";
  const std::string rendered = render_effective_configuration(load());
  EXPECT_THAT(rendered, Not(HasSubstr("shared-secret")));
  EXPECT_THAT(lines_of(rendered), Contains(MatchesRegex("aws\\.assume_role_external_id +\\(set\\) +env .*")));
}

TEST_F(LoaderTest, CheckConfigAlignsValuesAndSourcesInColumns) {
  request.environment["APP_TARGET_TAG_VALUE"] = "";
  const auto lines = lines_of(render_effective_configuration(load()));
  std::set<std::size_t> value_columns;
  std::set<std::size_t> source_columns;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto value_at = lines[i].find_first_not_of(' ', lines[i].find(' '));
    value_columns.insert(value_at);
    source_columns.insert(lines[i].find_first_not_of(' ', lines[i].find("  ", value_at)));
  }
  EXPECT_EQ(value_columns.size(), 1u);
  EXPECT_EQ(source_columns.size(), 1u);
  EXPECT_THAT(lines, Contains(MatchesRegex("target\\.tag_value +\"\" +env APP_TARGET_TAG_VALUE")));
}

TEST_F(LoaderTest, CheckConfigSaysWhenNoConfigDirWasFound) {
  std::filesystem::remove_all(scratch.path() / "config");
  request.environment["RUN_MODE"] = "production";
  EXPECT_EQ(lines_of(render_effective_configuration(load()))[0],
            "config dir: (none found), RUN_MODE: production (env RUN_MODE)");
}

TEST(RenderProblems, PrefixesEachProblemWithItsSeverity) {
  const std::vector<Problem> problems{{Severity::error, "config/default.yaml:3: unknown key 'exporter.prot'"},
                                      {Severity::warning, "environment variable APP_X is ignored"}};
  EXPECT_THAT(lines_of(render_problems(problems)),
              ElementsAre("error: config/default.yaml:3: unknown key 'exporter.prot'",
                          "warning: environment variable APP_X is ignored"));
}

// A file name or value from outside must not drive the terminal that shows the message (ESC [2J clears it).
TEST(RenderProblems, EscapesControlCharacters) {
  const std::vector<Problem> problems{{Severity::error, "env APP_LOG_LEVEL: unknown level '\x1b[2Jdebug\r\n\x7f'"}};
  EXPECT_EQ(render_problems(problems), "error: env APP_LOG_LEVEL: unknown level '\\x1b[2Jdebug\\x0d\\x0a\\x7f'\n");
}

TEST_F(LoaderTest, AControlCharacterInAValueIsShownEscaped) {
  request.environment["APP_TARGET_TAG_VALUE"] = "prod\x1b[31m";
  EXPECT_THAT(render_effective_configuration(load()), HasSubstr("prod\\x1b[31m"));
  request.environment["APP_LOG_LEVEL"] = "debug\x1b[2J";
  const std::string problems = render_problems(load().problems);
  EXPECT_THAT(problems, HasSubstr("debug\\x1b[2J"));
  EXPECT_THAT(problems, Not(HasSubstr("\x1b")));
}

}  // namespace
}  // namespace rds_exporter::config
