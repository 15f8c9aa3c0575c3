#include "aws/credentials/role_session_name.h"

namespace rds_exporter::aws {

std::string default_role_session_name(std::chrono::system_clock::time_point now) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return "rds-exporter-" + std::to_string(seconds);
}

}  // namespace rds_exporter::aws
