#include "reference_document.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rds_exporter::aws::testing {

std::string reference_document(std::string_view name) {
  const std::filesystem::path path = std::filesystem::path(REFERENCE_DIR) / name;
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace rds_exporter::aws::testing
