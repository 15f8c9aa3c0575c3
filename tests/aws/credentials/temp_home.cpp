#include "temp_home.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace rds_exporter::aws::testing {

TempHome::TempHome() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/credentials-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buffer.data();
}

TempHome::~TempHome() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempHome::write(const std::string& relative, std::string_view content, mode_t mode) const {
  const std::filesystem::path file = std::filesystem::path(path_) / relative;
  std::filesystem::create_directories(file.parent_path());
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
  }
  ::chmod(file.c_str(), mode);
  return file.string();
}

std::string TempHome::script(const std::string& relative, std::string_view body) const {
  return write(relative, "#!/bin/sh\n" + std::string(body), 0700);
}

common::Environment TempHome::environment() const {
  return {{"HOME", path_}, {"PATH", "/usr/local/bin:/usr/bin:/bin"}};
}

}  // namespace rds_exporter::aws::testing
