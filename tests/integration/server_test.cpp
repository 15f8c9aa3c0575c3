// The HTTP interface as Prometheus and probes meet it: the real binary on a real port.
#include "exporter_paths.h"
#include "subprocess.h"
#include "test_pki.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <crypt.h>

#include <csignal>
#include <functional>
#include <memory>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace rds_exporter::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// These tests are about serving HTTP: a region to start with, and every AWS call refused at once by a closed
// loopback port, so that nothing leaves the machine.
std::map<std::string, std::string> with_unreachable_aws(std::map<std::string, std::string> env) {
  env["APP_AWS_REGION"] = "ap-northeast-2";
  env["APP_AWS_ENDPOINT_URL"] = "http://127.0.0.1:" + std::to_string(free_port());
  env["AWS_EC2_METADATA_DISABLED"] = "true";
  return env;
}

class RunningExporter {
 public:
  explicit RunningExporter(std::map<std::string, std::string> env = {}, std::vector<std::string> arguments = {})
      : port_(free_port()), process_(kBinary, with_config_dir(std::move(arguments)), with_port(std::move(env), port_)) {}

  httplib::Client client() const {
    httplib::Client http("127.0.0.1", port_);
    http.set_connection_timeout(std::chrono::seconds(2));
    http.set_read_timeout(std::chrono::seconds(5));
    return http;
  }

  // The exporter must answer soon after start; polling is bounded so a hang fails. `probe` answers the status
  // of one try (0: no answer).
  bool wait_until_serving(const std::function<int()>& probe) {
    for (int attempt = 0; attempt < 200 && process_.running(); ++attempt) {
      if (probe() == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // The exporter must answer /health soon after start; polling is bounded so a hang fails.
  bool wait_until_healthy() {
    for (int attempt = 0; attempt < 200 && process_.running(); ++attempt) {
      if (auto response = client().Get("/health"); response && response->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  int port() const { return port_; }
  Subprocess& process() { return process_; }

 private:
  static std::vector<std::string> with_config_dir(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"--config-dir", kShippedConfig.string()});
    return arguments;
  }
  static std::map<std::string, std::string> with_port(std::map<std::string, std::string> env, int port) {
    env["APP_EXPORTER_HOST"] = "127.0.0.1";
    env["APP_EXPORTER_PORT"] = std::to_string(port);
    return with_unreachable_aws(std::move(env));
  }

  int port_;
  Subprocess process_;
};

struct PromtoolResult {
  int exit_code;
  std::string output;
};

PromtoolResult promtool_check_metrics(const std::string& body) {
  const auto dir = make_temp_dir("rds-exporter-promtool");
  std::ofstream(dir / "metrics.txt") << body;
  const std::string command = "promtool check metrics < " + (dir / "metrics.txt").string() + " 2>&1";
  PromtoolResult result{-1, {}};
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::filesystem::remove_all(dir);
  return result;
}

TEST(Server, HealthIsOkWhileRunning) {
  RunningExporter exporter;
  ASSERT_TRUE(exporter.wait_until_healthy()) << exporter.process().err_so_far();
  const auto response = exporter.client().Get("/health");
  ASSERT_TRUE(response);
  EXPECT_EQ(nlohmann::json::parse(response->body)["status"], "ok");
}

TEST(Server, MetricsPassPromtoolAndCarryBuildAndProcessInfo) {
  RunningExporter exporter;
  ASSERT_TRUE(exporter.wait_until_healthy()) << exporter.process().err_so_far();
  const auto response = exporter.client().Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(response->get_header_value("Content-Type"), StartsWith("text/plain; version=0.0.4"));
  EXPECT_THAT(response->body, HasSubstr("rds_exporter_build_info{version=\""));
  EXPECT_THAT(response->body, HasSubstr("revision=\""));
  EXPECT_THAT(response->body, HasSubstr("process_cpu_seconds_total "));
  EXPECT_THAT(response->body, HasSubstr("process_resident_memory_bytes "));
  const auto promtool = promtool_check_metrics(response->body);
  EXPECT_EQ(promtool.exit_code, 0) << promtool.output;
  EXPECT_EQ(promtool.output, "") << "promtool lint findings";
}

TEST(Server, MetricsAreGzippedWhenPrometheusAsksForIt) {
  RunningExporter exporter;
  ASSERT_TRUE(exporter.wait_until_healthy()) << exporter.process().err_so_far();
  auto client = exporter.client();
  client.set_decompress(false);
  const auto response = client.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->get_header_value("Content-Encoding"), "gzip");
  ASSERT_GE(response->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(response->body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(response->body[1]), 0x8b);
}

TEST(Server, LandingPageLinksTheEndpointsAndUnknownPathsAre404) {
  RunningExporter exporter;
  ASSERT_TRUE(exporter.wait_until_healthy()) << exporter.process().err_so_far();
  const auto landing = exporter.client().Get("/");
  ASSERT_TRUE(landing);
  EXPECT_THAT(landing->body, HasSubstr("/metrics"));
  EXPECT_THAT(landing->body, HasSubstr("/health"));
  const auto missing = exporter.client().Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  const auto post = exporter.client().Post("/metrics", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

TEST(Server, SigtermEndsTheProcessCleanly) {
  RunningExporter exporter;
  ASSERT_TRUE(exporter.wait_until_healthy()) << exporter.process().err_so_far();
  // An idle keep-alive connection, as Prometheus leaves between scrapes, must not hold shutdown up.
  auto keep_alive = exporter.client();
  keep_alive.set_keep_alive(true);
  ASSERT_TRUE(keep_alive.Get("/metrics"));
  exporter.process().send_signal(SIGTERM);
  // The bound is generous on purpose: shutdown speed is measured in make bench; here a hang fails.
  const auto result = exporter.process().wait(std::chrono::seconds(5));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(Server, PortInUseIsAClearErrorWithExitCode1) {
  RunningExporter first;
  ASSERT_TRUE(first.wait_until_healthy()) << first.process().err_so_far();
  const auto second = run(kBinary, {"--config-dir", kShippedConfig},
                          with_unreachable_aws({{"APP_EXPORTER_HOST", "127.0.0.1"},
                                                {"APP_EXPORTER_PORT", std::to_string(first.port())}}));
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr("already in use"));
  EXPECT_THAT(second.err, HasSubstr(std::to_string(first.port())));
}

TEST(Server, JsonLogFormatWritesOneJsonObjectPerLine) {
  RunningExporter exporter(std::map<std::string, std::string>{{"APP_LOG_FORMAT", "json"}});
  ASSERT_TRUE(exporter.wait_until_healthy()) << exporter.process().err_so_far();
  exporter.process().send_signal(SIGTERM);
  const auto result = exporter.process().wait(std::chrono::seconds(5));
  std::istringstream lines(result.err);
  int parsed_lines = 0;
  for (std::string line; std::getline(lines, line); ++parsed_lines) {
    const auto entry = nlohmann::json::parse(line);
    EXPECT_TRUE(entry.contains("level") && entry.contains("component") && entry.contains("message")) << line;
  }
  EXPECT_GT(parsed_lines, 0);
}

TEST(Server, SighupReloadsAndDoesNotEndTheProcess) {
  RunningExporter exporter;
  ASSERT_TRUE(exporter.wait_until_healthy()) << exporter.process().err_so_far();
  exporter.process().send_signal(SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(exporter.process().running()) << exporter.process().err_so_far();
  const auto response = exporter.client().Get("/-/healthy");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(exporter.process().err_so_far(), HasSubstr("reloading the configuration"));
}

// Certificates and a bcrypt hash made at test time, in a web config file node_exporter would read too.
class WebConfigFolder {
 public:
  WebConfigFolder() : dir_(make_temp_dir("rds-exporter-web")), pki_(dir_) {
    pki_.issue("server", "localhost", "DNS:localhost,IP:127.0.0.1", 2);
    char setting[CRYPT_GENSALT_OUTPUT_SIZE] = {};
    crypt_gensalt_rn("$2y$", 4, nullptr, 0, setting, sizeof setting);
    const auto data = std::make_unique<crypt_data>();
    const std::string hash = crypt_rn("s3cret", setting, data.get(), sizeof *data);
    std::ofstream(dir_ / "web.yml") << "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
                                       "basic_auth_users:\n  prometheus: " << hash << "\n";
  }
  ~WebConfigFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::filesystem::path file() const { return dir_ / "web.yml"; }
  std::filesystem::path ca() const { return pki_.ca_certificate(); }

 private:
  std::filesystem::path dir_;
  http::testing::TestPki pki_;
};

// The HTTP status curl gets for `url`, 0 when it got none.
int curl_status(const std::vector<std::string>& options, const std::string& url) {
  std::vector<std::string> arguments{"-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5"};
  arguments.insert(arguments.end(), options.begin(), options.end());
  arguments.push_back(url);
  const auto result = run("/usr/bin/curl", arguments, {});
  return result.out.empty() ? 0 : std::atoi(result.out.c_str());
}

TEST(Server, CurlGetsMetricsOverTlsWithBasicAuthAndTheProbesWithout) {
  const WebConfigFolder web;
  RunningExporter exporter({}, {"--web.config.file", web.file().string()});
  const std::string base = "https://127.0.0.1:" + std::to_string(exporter.port());
  const std::vector<std::string> trust{"--cacert", web.ca().string()};
  ASSERT_TRUE(exporter.wait_until_serving([&] { return curl_status(trust, base + "/-/healthy"); }))
      << exporter.process().err_so_far();
  std::vector<std::string> authorised = trust;
  authorised.insert(authorised.end(), {"-u", "prometheus:s3cret"});
  EXPECT_EQ(curl_status(authorised, base + "/metrics"), 200);
  EXPECT_EQ(curl_status(trust, base + "/metrics"), 401);
  std::vector<std::string> wrong = trust;
  wrong.insert(wrong.end(), {"-u", "prometheus:nope"});
  EXPECT_EQ(curl_status(wrong, base + "/metrics"), 401);
  EXPECT_EQ(curl_status(trust, base + "/-/ready"), 503) << "no collection yet: AWS is unreachable";
  EXPECT_EQ(curl_status({}, "http://127.0.0.1:" + std::to_string(exporter.port()) + "/metrics"), 0)
      << "plain HTTP on the TLS port";
  EXPECT_THAT(exporter.process().err_so_far(), Not(HasSubstr("s3cret")));
}

TEST(Server, ABadWebConfigFileStopsTheStartWithExitCode2NamingFileAndKey) {
  const auto dir = make_temp_dir("rds-exporter-web");
  std::ofstream(dir / "web.yml") << "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
                                    "basic_auth_user:\n  prometheus: x\n";
  for (const bool check_only : {false, true}) {
    std::vector<std::string> arguments{"--config-dir", kShippedConfig.string(), "--web.config.file",
                                       (dir / "web.yml").string()};
    if (check_only) arguments.push_back("--check-config");
    const auto result = run(kBinary, arguments, with_unreachable_aws({}));
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_THAT(result.err, HasSubstr("web.yml"));
    EXPECT_THAT(result.err, HasSubstr("basic_auth_user"));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rds_exporter::testing
