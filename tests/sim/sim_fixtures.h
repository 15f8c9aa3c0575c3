#pragma once

#include "common/http_message.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/query_parameters.h"
#include "sim/protocol/query_service.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::testing {

inline constexpr std::string_view kRegion = "ap-northeast-2";

// The Query body of a DescribeDBInstances call with no parameters of its own.
inline constexpr std::string_view kDescribeDbInstancesBody = "Action=DescribeDBInstances&Version=2014-10-31";

// The time every signing test signs at and the simulator's clock reads, unless a test moves one of them.
inline const std::chrono::system_clock::time_point kNow =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + std::chrono::hours{1} + std::chrono::minutes{2};

// A fleet from YAML text, failing the test with the loader's problems if there are any.
Fleet fleet_from_yaml(const std::string& yaml);

// A small fleet with the standard principals: an Aurora MySQL cluster (writer + reader), a PostgreSQL
// instance with a read replica, a MySQL instance with tags XML must escape, and an untagged MariaDB instance.
const Fleet& small_fleet();

// Parameters as a request would carry them.
QueryParameters params(std::vector<std::pair<std::string, std::string>> entries);

// The outcome's document, failing the test when it is an error.
std::string document_of(const OperationOutcome& outcome);
ApiError error_of(const OperationOutcome& outcome);

// The texts of every <name>...</name> in `xml`, in order (unescaped text as written).
std::vector<std::string> element_texts(std::string_view xml, std::string_view name);

// A POST of `body` to "/" signed with SigV4 for `service` in `region` at `time` by `principal`'s credentials.
common::HttpRequest signed_request(const Principal& principal, std::string body, std::string_view service = "rds",
                                   std::chrono::system_clock::time_point time = kNow,
                                   std::string_view region = kRegion);

// An AWS JSON 1.1 POST of `body` to "/" with X-Amz-Target `target`, signed like signed_request().
common::HttpRequest signed_json_request(const Principal& principal, std::string_view target, std::string body,
                                        std::string_view service, std::string_view region = kRegion,
                                        std::chrono::system_clock::time_point time = kNow);

// The standard principal named `name` in small_fleet().
const Principal& principal(std::string_view name);

// The principal named `name` in `fleet` (the first of that name, whatever its account).
const Principal& principal_in(const Fleet& fleet, std::string_view name);

// ':' and '/' percent-encoded, enough for the ARNs in a form body.
std::string form_encoded(std::string_view text);

// An STS AssumeRole form body for `role_arn`, session "unit", and `extra` parameters ("&ExternalId=...").
std::string assume_role_body(std::string_view role_arn, std::string_view extra = "");

// A principal signing with the credentials in an AssumeRole or AssumeRoleWithWebIdentity answer's XML.
Principal session_of(std::string_view xml);

}  // namespace rds_exporter::sim::testing
