#include "discovery/inventory.h"

#include "common/arn.h"

namespace rds_exporter::discovery {

ArnParts parse_arn(std::string_view arn) {
  // arn:<partition>:rds:<region>:<account>:<resource type>:<id>; an RDS identifier never holds a colon.
  const auto parsed = common::parse_arn(arn);
  if (!parsed || parsed->service != "rds" || parsed->region.empty() || !common::is_account_id(parsed->account_id)) {
    return {};
  }
  const auto colon = parsed->resource.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == parsed->resource.size()) return {};
  return ArnParts{parsed->partition, parsed->region, parsed->account_id};
}

bool same_fleet(const Inventory& a, const Inventory& b) {
  return a.instances_listed == b.instances_listed && a.skipped_other_engines == b.skipped_other_engines &&
         a.skipped_by_filter == b.skipped_by_filter && a.instances == b.instances && a.clusters == b.clusters &&
         a.multi_az_clusters == b.multi_az_clusters;
}

}  // namespace rds_exporter::discovery
