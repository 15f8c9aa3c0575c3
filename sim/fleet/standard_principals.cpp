#include "sim/fleet/standard_principals.h"

#include "sim/common/iso8601.h"

namespace rds_exporter::sim {
namespace {

std::string arn(std::string_view account_id, std::string_view service, std::string_view resource) {
  std::string out = "arn:aws:";
  out.append(service).append("::").append(account_id).append(":").append(resource);
  return out;
}

std::vector<std::string> exporter_actions() { return {std::begin(kExporterActions), std::end(kExporterActions)}; }

}  // namespace

std::vector<Principal> standard_principals(std::string_view account_id) {
  std::vector<Principal> principals = {
      Principal{"rds-exporter", arn(account_id, "iam", "user/rds-exporter"), "AKIARDSSIMEXPORTER01",
                "rdssimExporterSecretKey0000000000000001", "", std::nullopt, exporter_actions()},
      Principal{"rds-exporter-sts", arn(account_id, "sts", "assumed-role/rds-exporter/rds-exporter-sts"),
                "ASIARDSSIMEXPORTER01", "rdssimExporterSessionSecretKey000000001", "rdssim-session-token-valid",
                parse_iso8601("2099-01-01T00:00:00Z"), exporter_actions()},
      Principal{"rds-read-only",
                arn(account_id, "iam", "user/rds-read-only"),
                "AKIARDSSIMREADONLY01",
                "rdssimReadOnlySecretKey0000000000000001",
                "",
                std::nullopt,
                {"rds:Describe*", "rds:ListTagsForResource"}},
      Principal{"no-rights",
                arn(account_id, "iam", "user/no-rights"),
                "AKIARDSSIMNORIGHTS01",
                "rdssimNoRightsSecretKey0000000000000001",
                "",
                std::nullopt,
                {}},
      Principal{"rds-exporter-assumer",
                arn(account_id, "iam", "user/rds-exporter-assumer"),
                "AKIARDSSIMASSUMER001",
                "rdssimAssumerSecretKey00000000000000001",
                "",
                std::nullopt,
                {"sts:AssumeRole"}},
      Principal{"expired-session", arn(account_id, "sts", "assumed-role/rds-exporter/expired-session"),
                "ASIARDSSIMEXPIRED001", "rdssimExpiredSessionSecretKey0000000001", "rdssim-session-token-expired",
                parse_iso8601("2024-01-01T00:00:00Z"), exporter_actions()},
  };
  // All of them sign in the fleet's account.
  for (auto& principal : principals) principal.account_id = std::string(account_id);
  return principals;
}

}  // namespace rds_exporter::sim
