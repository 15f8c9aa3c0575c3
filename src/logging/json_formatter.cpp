#include "logging/json_formatter.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace rds_exporter::logging {
namespace {

void append_json_string(std::string_view text, spdlog::memory_buf_t& dest) {
  // Invalid UTF-8 (say, bytes from an AWS error body) is replaced rather than aborting the log line.
  const std::string quoted = nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  dest.append(quoted.data(), quoted.data() + quoted.size());
}

}  // namespace

void JsonFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const auto since_epoch = msg.time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const std::chrono::sys_seconds utc_seconds{seconds};
  fmt::format_to(std::back_inserter(dest), R"({{"time":"{:%Y-%m-%dT%H:%M:%S}.{:03}Z","level":")", utc_seconds, millis);
  const auto level = spdlog::level::to_string_view(msg.level);
  dest.append(level.data(), level.data() + level.size());
  static constexpr std::string_view kComponent = R"(","component":)";
  dest.append(kComponent.data(), kComponent.data() + kComponent.size());
  append_json_string(std::string_view(msg.logger_name.data(), msg.logger_name.size()), dest);
  static constexpr std::string_view kMessage = R"(,"message":)";
  dest.append(kMessage.data(), kMessage.data() + kMessage.size());
  append_json_string(std::string_view(msg.payload.data(), msg.payload.size()), dest);
  dest.push_back('}');
  dest.push_back('\n');
}

std::unique_ptr<spdlog::formatter> JsonFormatter::clone() const { return std::make_unique<JsonFormatter>(); }

}  // namespace rds_exporter::logging
