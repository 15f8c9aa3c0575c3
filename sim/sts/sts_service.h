#pragma once

#include "sim/credentials/credential_store.h"
#include "sim/protocol/operation_list.h"
#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// AWS Security Token Service, Query API version 2011-06-15: GetCallerIdentity, AssumeRole and
// AssumeRoleWithWebIdentity. The credentials it issues go into `store`, which must outlive it.
class StsService final : public QueryService {
 public:
  explicit StsService(CredentialStore& store);

  std::string_view signing_name() const override { return "sts"; }
  std::string_view api_version() const override;
  std::string_view xml_namespace() const override;
  const QueryOperation* find_operation(std::string_view action) const override;

 private:
  OperationList operations_;
};

}  // namespace rds_exporter::sim
