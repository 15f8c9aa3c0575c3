#include "coordination/lease_json.h"

#include "aws/protocol/json_reader.h"
#include "aws/protocol/response_reading.h"
#include "common/time_text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <utility>

namespace rds_exporter::coordination {
namespace {

using aws::JsonElement;
using aws::MalformedResponseError;
using Problem = common::Unexpected<std::string>;

// Kubernetes' int32 fields.
std::optional<int> optional_int(const JsonElement& object, std::string_view name) {
  const auto number = object.optional_int64(name);
  if (!number) return std::nullopt;
  if (*number < std::numeric_limits<int>::min() || *number > std::numeric_limits<int>::max()) {
    throw MalformedResponseError(fmt::format("{}.{}: {} is out of range", object.path(), name, *number));
  }
  return static_cast<int>(*number);
}

// MicroTime, or metav1.Time from older writers: RFC 3339 with or without a fraction.
std::optional<std::chrono::system_clock::time_point> optional_time(const JsonElement& object, std::string_view name) {
  const auto text = object.optional_string(name);
  if (!text) return std::nullopt;
  const auto time = common::parse_iso8601(*text);
  if (!time) throw MalformedResponseError(fmt::format("{}.{}: expected an RFC 3339 time", object.path(), name));
  return time;
}

void expect_kind(const JsonElement& document, std::string_view kind) {
  if (const auto found = document.optional_string("kind"); found && *found != kind) {
    throw MalformedResponseError(fmt::format("kind: expected {}, got \"{}\"", kind, *found));
  }
}

LeaseRecord read_lease(const JsonElement& document) {
  const JsonElement metadata = document.required_member("metadata");
  LeaseRecord lease;
  lease.name = metadata.required_string("name");
  lease.resource_version = metadata.optional_string("resourceVersion").value_or("");
  if (const auto spec = document.member("spec")) {
    lease.holder_identity = spec->optional_string("holderIdentity").value_or("");
    lease.lease_duration_seconds = optional_int(*spec, "leaseDurationSeconds");
    lease.acquire_time = optional_time(*spec, "acquireTime");
    lease.renew_time = optional_time(*spec, "renewTime");
    lease.lease_transitions = optional_int(*spec, "leaseTransitions").value_or(0);
  }
  return lease;
}

// Runs `read` on the parsed document; every failure comes back as a message that says where, never quoting the
// text beyond a kind.
template <typename T, typename Read>
common::Expected<T, std::string> read_document(std::string_view json, std::string_view what, Read read) {
  const auto document = aws::parse_json_document(json);
  if (!document) return Problem{fmt::format("not a {}: {}", what, document.error())};
  try {
    return read(JsonElement(*document, ""));
  } catch (const MalformedResponseError& problem) {
    return Problem{fmt::format("not a {}: {}", what, problem.what())};
  } catch (const std::bad_alloc&) {
    return Problem{fmt::format("not a {}: too large to read", what)};
  }
}

}  // namespace

std::string lease_to_json(const LeaseRecord& lease, const std::string& namespace_) {
  nlohmann::ordered_json metadata{{"name", lease.name}, {"namespace", namespace_}};
  if (!lease.resource_version.empty()) metadata["resourceVersion"] = lease.resource_version;
  nlohmann::ordered_json spec{{"holderIdentity", lease.holder_identity}};
  if (lease.lease_duration_seconds) spec["leaseDurationSeconds"] = *lease.lease_duration_seconds;
  if (lease.acquire_time) spec["acquireTime"] = common::format_iso8601_microseconds(*lease.acquire_time);
  if (lease.renew_time) spec["renewTime"] = common::format_iso8601_microseconds(*lease.renew_time);
  spec["leaseTransitions"] = lease.lease_transitions;
  const nlohmann::ordered_json document{
      {"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"}, {"metadata", metadata}, {"spec", spec}};
  // Names and identities are the caller's: what is not UTF-8 is replaced rather than thrown about.
  return document.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

common::Expected<LeaseRecord, std::string> lease_from_json(std::string_view json) {
  return read_document<LeaseRecord>(json, "Lease", [](const JsonElement& document) {
    expect_kind(document, "Lease");
    return read_lease(document);
  });
}

common::Expected<std::vector<LeaseRecord>, std::string> lease_list_from_json(std::string_view json) {
  return read_document<std::vector<LeaseRecord>>(json, "LeaseList", [](const JsonElement& document) {
    expect_kind(document, "LeaseList");
    std::vector<LeaseRecord> leases;
    for (const JsonElement& item : document.optional_array("items")) leases.push_back(read_lease(item));
    return leases;
  });
}

}  // namespace rds_exporter::coordination
