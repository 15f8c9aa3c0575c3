#include "sim/sts/session_xml.h"

#include "sim/common/iso8601.h"
#include "sim/credentials/identity_ids.h"

namespace rds_exporter::sim {

void write_credentials(XmlWriter& xml, const TemporaryCredentials& credentials) {
  xml.open("Credentials");
  xml.text("AccessKeyId", credentials.access_key_id);
  xml.text("SecretAccessKey", credentials.secret_access_key);
  xml.text("SessionToken", credentials.session_token);
  xml.text("Expiration", iso8601(credentials.expiration));
  xml.close("Credentials");
}

void write_assumed_role_user(XmlWriter& xml, std::string_view role_arn, std::string_view session_name,
                             const TemporaryCredentials& credentials) {
  xml.open("AssumedRoleUser");
  xml.text("AssumedRoleId", role_id(role_arn) + ":" + std::string(session_name));
  xml.text("Arn", credentials.assumed_role_arn);
  xml.close("AssumedRoleUser");
}

}  // namespace rds_exporter::sim
