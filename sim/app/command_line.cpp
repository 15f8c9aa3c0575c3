#include "sim/app/command_line.h"

#include "sim/fleet/fleet_generator.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string_view>

namespace rds_exporter::sim {
namespace {

constexpr std::size_t kMaxGenerated = 100000;

bool all_of_range(std::string_view text, char low, char high) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [=](char c) { return c >= low && c <= high; });
}

// "ap-northeast-2": two letters, one or more words, a number, joined by hyphens.
bool is_region_name(std::string_view name) {
  const std::size_t first = name.find('-');
  const std::size_t last = name.rfind('-');
  if (first != 2 || last == first || !all_of_range(name.substr(0, 2), 'a', 'z') ||
      !all_of_range(name.substr(last + 1), '0', '9')) {
    return false;
  }
  std::string_view words = name.substr(first + 1, last - first - 1);
  while (!words.empty()) {
    const std::size_t hyphen = words.find('-');
    if (!all_of_range(words.substr(0, hyphen), 'a', 'z')) return false;
    words = hyphen == std::string_view::npos ? std::string_view{} : words.substr(hyphen + 1);
  }
  return true;
}

}  // namespace

std::variant<SimOptions, int> parse_command_line(int argc, const char* const* argv) {
  SimOptions options;
  options.seed = kDefaultGeneratorSeed;
  options.region = "ap-northeast-2";
  std::string fleet_file;
  std::size_t generate = 0;
  long long credential_lifetime = 0;

  CLI::App app{
      "rds_sim: a local AWS simulator (RDS Query API, SigV4, IAM actions) for rds_exporter's tests.\n"
      "Serves on 127.0.0.1 only; prints 'rds_sim listening on http://127.0.0.1:PORT' once ready.",
      "rds_sim"};
  app.option_defaults()->always_capture_default();
  app.add_option("--port", options.port, "port on 127.0.0.1; 0 picks a free one");
  auto* fleet = app.add_option("--fleet", fleet_file, "fleet file (YAML, see sim/README.md)")->check(CLI::ExistingFile);
  auto* generated = app.add_option("--generate", generate, "serve a synthetic fleet of N instances")
                        ->check(CLI::Range(std::size_t{1}, kMaxGenerated));
  fleet->excludes(generated);
  app.add_option("--accounts", options.accounts,
                                  "accounts of --generate (an organization when more than one)")
                       ->check(CLI::Range(std::size_t{1}, kMaxGeneratedAccounts))
                       ->needs(generated);
  app.add_option("--regions", options.regions, "regions of --generate, --region first")
                      ->check(CLI::Range(std::size_t{1}, generated_region_limit()))
                      ->needs(generated);
  app.add_option("--seed", options.seed, "seed of --generate: the same seed gives the same fleet");
  app.add_option("--region", options.region, "region of the fleet and of the credential scopes it accepts");
  app.add_flag("--log-requests", options.log_requests, "one line per request on stderr");
  auto* lifetime = app.add_option("--credential-lifetime", credential_lifetime,
                                  "cap in seconds on the lifetime of issued temporary credentials (tests of refresh)")
                       ->check(CLI::Range(1LL, 43200LL));
  app.add_option("--time-scale", options.time_scale,
                 "metric data's time runs K times faster than real time from the start (1 to 3600); "
                 "signatures and credentials keep real time")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{3600}));
  long long backdate = 0;
  app.add_option("--time-backdate", backdate,
                 "seconds metric data's clock starts behind real time (0 to 86400), e.g. to keep a --time-scale run "
                 "behind real time")
      ->check(CLI::Range(0LL, 86400LL));

  try {
    app.parse(argc, argv);
    if (fleet->count() == 0 && generated->count() == 0) throw CLI::RequiredError("--fleet or --generate");
    if (!is_region_name(options.region)) {
      throw CLI::ValidationError("--region", "'" + options.region + "' is not a region name like ap-northeast-2");
    }
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (fleet->count() > 0) options.fleet_file = fleet_file;
  if (generated->count() > 0) options.generate = generate;
  if (lifetime->count() > 0) options.credential_lifetime = std::chrono::seconds{credential_lifetime};
  options.time_backdate = std::chrono::seconds{backdate};
  return options;
}

}  // namespace rds_exporter::sim
