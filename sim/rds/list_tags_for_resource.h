#pragma once

#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// ListTagsForResource: the tags of the instance or cluster whose ARN is ResourceName.
class ListTagsForResource final : public QueryOperation {
 public:
  std::string_view name() const override { return "ListTagsForResource"; }
  std::string_view iam_action() const override { return "rds:ListTagsForResource"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;
};

}  // namespace rds_exporter::sim
