#include "aws/credentials/access_key_mask.h"

namespace rds_exporter::aws {

std::string mask_access_key_id(std::string_view access_key_id) {
  constexpr std::size_t kShown = 4;
  // A key this short is not a real one; showing any of it would show most of it.
  if (access_key_id.size() <= 2 * kShown) return "****";
  return "****" + std::string(access_key_id.substr(access_key_id.size() - kShown));
}

}  // namespace rds_exporter::aws
