#pragma once

#include "common/expected.h"
#include "coordination/lease_api.h"

#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::coordination {

// A Lease as the API server takes it in a POST or PUT body: apiVersion coordination.k8s.io/v1, kind Lease,
// metadata.name and namespace (and resourceVersion when the record has one), and the spec: holderIdentity,
// leaseDurationSeconds and the times when set, leaseTransitions. Times are MicroTime, "2026-12-06T19:50:00.123456Z".
std::string lease_to_json(const LeaseRecord& lease, const std::string& namespace_);

// A Lease as the API server answers it. Absent or null optional fields are left at LeaseRecord's defaults; a field of
// the wrong type, a time that is not RFC 3339, a number outside int, or a kind other than Lease is an error that
// names the field. Never throws.
common::Expected<LeaseRecord, std::string> lease_from_json(std::string_view json);

// A LeaseList: its items, each read as lease_from_json reads one (items do not carry kind in a list).
common::Expected<std::vector<LeaseRecord>, std::string> lease_list_from_json(std::string_view json);

}  // namespace rds_exporter::coordination
