#pragma once

#include "config/loader.h"
#include "scratch_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::config {

// A working dir holding config/default.yaml and config/development.yaml, both empty until a test
// writes them, and a request that finds that dir the way a user's run would (./config).
class LoaderTest : public ::testing::Test {
 protected:
  LoaderTest() {
    request.working_dir = scratch.path();
    request.system_config_dir = scratch.path() / "no-system-dir";
    write("default.yaml", "");
    write("development.yaml", "");
  }

  void write(std::string_view name, std::string_view text) { scratch.write(std::filesystem::path("config") / name, text); }

  LoadResult load() const { return load_configuration(request); }

  static std::vector<std::string> messages(const LoadResult& result, Severity severity) {
    std::vector<std::string> found;
    for (const auto& problem : result.problems) {
      if (problem.severity == severity) found.push_back(problem.message);
    }
    return found;
  }
  static std::vector<std::string> errors(const LoadResult& result) { return messages(result, Severity::error); }
  static std::vector<std::string> warnings(const LoadResult& result) { return messages(result, Severity::warning); }

  static EffectiveValue value_of(const LoadResult& result, std::string_view key) {
    const auto it = std::find_if(result.values.begin(), result.values.end(),
                                 [&](const EffectiveValue& entry) { return entry.key == key; });
    return it == result.values.end() ? EffectiveValue{} : *it;
  }

  ScratchDir scratch;
  LoadRequest request;
};

}  // namespace rds_exporter::config
