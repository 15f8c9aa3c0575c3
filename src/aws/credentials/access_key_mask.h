#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::aws {

// "****ABCD": enough to tell which key is in use when reading logs, too little to be worth stealing.
std::string mask_access_key_id(std::string_view access_key_id);

}  // namespace rds_exporter::aws
