#include "sim/sts/get_caller_identity.h"

#include "sim/credentials/identity_ids.h"
#include "sim/protocol/query_response.h"
#include "sim/sts/sts_api.h"

namespace rds_exporter::sim {

OperationOutcome GetCallerIdentity::invoke(const OperationCall& call) const {
  const Principal& caller = *call.caller;
  return query_response("GetCallerIdentity", kStsXmlNamespace, call.request_id, [&](XmlWriter& xml) {
    xml.text("Arn", caller.arn);
    xml.text("UserId", caller_user_id(caller.arn));
    xml.text("Account", call.caller->account_id.empty() ? call.fleet.account_id() : call.caller->account_id);
  });
}

}  // namespace rds_exporter::sim
