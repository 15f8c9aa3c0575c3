#pragma once

#include <spdlog/formatter.h>

#include <memory>

namespace rds_exporter::logging {

// One JSON object per line (time, level, component, message) for log pipelines; messages are
// escaped properly, which a pattern-based "JSON" layout cannot guarantee.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace rds_exporter::logging
