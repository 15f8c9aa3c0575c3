#pragma once

#include "sim/credentials/credential_store.h"
#include "sim/protocol/xml_writer.h"

#include <string_view>

namespace rds_exporter::sim {

// <Credentials> with AccessKeyId, SecretAccessKey, SessionToken, Expiration, in the model's order.
void write_credentials(XmlWriter& xml, const TemporaryCredentials& credentials);

// <AssumedRoleUser> with AssumedRoleId ("<role id>:<session>") and Arn.
void write_assumed_role_user(XmlWriter& xml, std::string_view role_arn, std::string_view session_name,
                             const TemporaryCredentials& credentials);

}  // namespace rds_exporter::sim
