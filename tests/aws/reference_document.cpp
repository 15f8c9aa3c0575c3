#include "reference_document.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rds_exporter::aws::testing {

std::string reference_document(std::string_view name) {
  const std::string path = std::string(REFERENCE_DIR) + "/" + std::string(name);
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace rds_exporter::aws::testing
