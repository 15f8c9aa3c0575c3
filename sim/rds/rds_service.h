#pragma once

#include "sim/common/clock.h"
#include "sim/protocol/operation_list.h"
#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// Amazon RDS, Query API version 2014-10-31: the operations the exporter and its users call.
class RdsService final : public QueryService {
 public:
  // `data_clock` is the data time of --time-scale, which DescribeEvents' events happen in.
  explicit RdsService(Clock data_clock = real_clock());

  std::string_view signing_name() const override { return "rds"; }
  std::string_view api_version() const override;
  std::string_view xml_namespace() const override;
  const QueryOperation* find_operation(std::string_view action) const override;

 private:
  OperationList operations_;
};

}  // namespace rds_exporter::sim
