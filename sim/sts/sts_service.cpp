#include "sim/sts/sts_service.h"

#include "sim/sts/assume_role.h"
#include "sim/sts/assume_role_with_web_identity.h"
#include "sim/sts/get_caller_identity.h"
#include "sim/sts/sts_api.h"

namespace rds_exporter::sim {

StsService::StsService(CredentialStore& store) {
  operations_.add(std::make_unique<GetCallerIdentity>());
  operations_.add(std::make_unique<AssumeRole>(store));
  operations_.add(std::make_unique<AssumeRoleWithWebIdentity>(store));
}

std::string_view StsService::api_version() const { return kStsApiVersion; }

std::string_view StsService::xml_namespace() const { return kStsXmlNamespace; }

const QueryOperation* StsService::find_operation(std::string_view action) const { return operations_.find(action); }

}  // namespace rds_exporter::sim
