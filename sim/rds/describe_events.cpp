#include "sim/rds/describe_events.h"

#include "sim/common/iso8601.h"
#include "sim/common/split_mix64.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/common_errors.h"
#include "sim/protocol/query_response.h"
#include "sim/rds/filters.h"
#include "sim/rds/page_request.h"
#include "sim/rds/rds_api.h"
#include "sim/rds/rds_errors.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

// AWS keeps events for 14 days.
constexpr seconds kRetention = days{14};

// One Event of the answer; `identifier` (date, then a sequence) is what pages are cut by.
struct EventRow {
  std::string identifier;
  FleetEvent event;
};

// The kinds of generated events, drawn with these weights per hundred: most are routine.
struct Kind {
  std::string_view category;
  std::string_view instance_message;
  std::string_view cluster_message;
  unsigned weight;
};

constexpr Kind kKinds[] = {
    {"backup", "Backing up DB instance", "Backing up DB cluster", 22},
    {"backup", "Finished DB Instance backup", "Finished DB cluster backup", 22},
    {"notification", "DB instance restarted", "DB cluster parameter group changes applied", 18},
    {"maintenance", "Applying off-line patches to DB instance", "Database cluster is being patched", 10},
    {"maintenance", "Finished applying off-line patches to DB instance", "Database cluster has been patched", 10},
    {"configuration change", "Updated to use DBParameterGroup", "Updated to use DBClusterParameterGroup", 8},
    {"failover", "Multi-AZ instance failover started.", "Started cross AZ failover to DB instance", 4},
    {"low storage", "Allocated storage has been exhausted. Allocate additional storage to resolve.", "", 3},
    {"failure",
     "The DB instance has failed due to an incompatible configuration or an underlying storage issue. Begin a "
     "point-in-time-restore for the DB instance.",
     "", 3},
};

std::uint64_t text_hash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return hash;
}

// The events generated for hour `hour` (hours since the epoch) of the fleet's scope: the same for that hour on every
// call, so a caller asking again sees the same ones, and one asking later sees the next hours'.
void generate_hour(const Fleet& fleet, long long hour, std::vector<FleetEvent>& out) {
  const auto instances = fleet.instances();
  const auto clusters = fleet.clusters();
  const std::size_t sources = instances.size() + clusters.size();
  if (sources == 0) return;
  const std::uint64_t scope = text_hash(fleet.account_id() + "/" + fleet.region());
  for (int k = 0; k < fleet.inventory().events_per_hour; ++k) {
    const std::uint64_t draw = split_mix64(scope ^ split_mix64(static_cast<std::uint64_t>(hour) * 64 + k));
    const std::size_t index = static_cast<std::size_t>(draw % sources);
    const bool cluster = index >= instances.size();
    unsigned pick = static_cast<unsigned>((draw >> 32) % 100);
    const Kind* kind = &kKinds[0];
    for (const auto& candidate : kKinds) {
      if (pick < candidate.weight) {
        kind = &candidate;
        break;
      }
      pick -= candidate.weight;
    }
    FleetEvent event;
    event.date = sys_seconds{hours{hour}} + seconds{static_cast<long long>((draw >> 16) % 3600)};
    if (cluster) {
      const DbCluster& c = clusters[index - instances.size()];
      // Storage and instance failures are events of instances; a cluster reports its backups instead.
      if (kind->cluster_message.empty()) kind = &kKinds[0];
      event.source_identifier = c.identifier;
      event.source_type = "db-cluster";
      event.message = kind->cluster_message;
      if (kind->category == "failover" && !c.member_identifiers.empty()) {
        event.message += ": " + c.member_identifiers.back();
      }
      if (kind->category == "configuration change") event.message += " " + c.parameter_group;
    } else {
      const DbInstance& i = instances[index];
      event.source_identifier = i.identifier;
      event.source_type = "db-instance";
      // Only Multi-AZ instances fail over; the others restart.
      if (kind->category == "failover" && !i.multi_az) kind = &kKinds[2];
      event.message = kind->instance_message;
      if (kind->category == "configuration change") event.message += " " + i.parameter_group;
    }
    event.categories = {std::string(kind->category)};
    out.push_back(std::move(event));
  }
}

std::string source_arn(const Fleet& fleet, const FleetEvent& event) {
  if (event.source_type == "db-instance") return fleet.rds_arn("db", event.source_identifier);
  if (event.source_type == "db-cluster") return fleet.rds_arn("cluster", event.source_identifier);
  if (event.source_type == "db-parameter-group") return fleet.rds_arn("pg", event.source_identifier);
  if (event.source_type == "db-snapshot") return fleet.rds_arn("snapshot", event.source_identifier);
  if (event.source_type == "db-cluster-snapshot") return fleet.rds_arn("cluster-snapshot", event.source_identifier);
  return fleet.rds_arn(event.source_type, event.source_identifier);
}

// StartTime and EndTime as botocore and the SDKs send them, and "2009-07-08T18:00Z" as the API reference writes them.
std::optional<sys_seconds> read_time(const std::string& text) {
  if (auto time = parse_iso8601(text)) return time;
  if (text.size() == 17 && text.back() == 'Z') return parse_iso8601(text.substr(0, 16) + ":00Z");
  return std::nullopt;
}

}  // namespace

std::string DescribeEvents::resource_arn(const OperationCall&) const { return "*"; }

OperationOutcome DescribeEvents::invoke(const OperationCall& call) const {
  auto page_request = read_page_request(call.params);
  if (auto* error = std::get_if<ApiError>(&page_request)) return std::move(*error);
  // The API reference says Filters "isn't currently supported": RDS takes and ignores them.
  const std::string* source_type = call.params.find("SourceType");
  if (source_type != nullptr && std::ranges::find(kEventSourceTypes, *source_type) == std::end(kEventSourceTypes)) {
    return invalid_parameter_value("Invalid source type: " + *source_type);
  }
  const std::string* source_identifier = call.params.find("SourceIdentifier");
  if (source_identifier != nullptr && source_type == nullptr) {
    return invalid_parameter_combination("Cannot specify source identifier without source type");
  }
  std::optional<sys_seconds> start;
  std::optional<sys_seconds> end;
  for (const auto& [name, slot] : {std::pair{"StartTime", &start}, std::pair{"EndTime", &end}}) {
    if (const std::string* text = call.params.find(name)) {
      *slot = read_time(*text);
      if (!*slot) return invalid_parameter_value("Invalid value for " + std::string(name) + ": " + *text);
    }
  }
  std::optional<long long> duration;
  if (const std::string* text = call.params.find("Duration")) {
    long long minutes = 0;
    const auto [ptr, error] = std::from_chars(text->data(), text->data() + text->size(), minutes);
    if (error != std::errc{} || ptr != text->data() + text->size() || minutes < 0) {
      return invalid_parameter_value("Invalid value " + *text + " for Duration");
    }
    duration = minutes;
  }
  const sys_seconds now = floor<seconds>(data_clock_());
  if (!end) end = start && duration ? *start + minutes{*duration} : now;
  if (!start) start = *end - minutes{duration.value_or(60)};
  if (*start > *end) return invalid_parameter_value("StartTime must be before EndTime");
  const sys_seconds from = std::max(*start, now - kRetention);
  const sys_seconds to = std::min(*end, now + seconds{1});  // nothing has happened after now

  const std::vector<std::string> categories = call.params.list_values("EventCategories.EventCategory");
  std::vector<FleetEvent> events;
  if (from < to) {
    for (const auto& listed : call.fleet.inventory().events) events.push_back(listed);
    const long long first_hour = duration_cast<hours>(from.time_since_epoch()).count();
    const long long last_hour = duration_cast<hours>((to - seconds{1}).time_since_epoch()).count();
    for (long long hour = first_hour; hour <= last_hour; ++hour) generate_hour(call.fleet, hour, events);
  }
  std::vector<EventRow> rows;
  for (auto& event : events) {
    if (event.date < from || event.date >= to) continue;
    if (source_type != nullptr && event.source_type != *source_type) continue;
    if (source_identifier != nullptr &&
        to_lower_identifier(event.source_identifier) != to_lower_identifier(*source_identifier))
      continue;
    if (!categories.empty() &&
        std::none_of(event.categories.begin(), event.categories.end(), [&](const std::string& category) {
          return std::find(categories.begin(), categories.end(), category) != categories.end();
        })) {
      continue;
    }
    rows.push_back({"", std::move(event)});
  }
  // Keyed by date, source and message rather than position, so that a caller paging while time passes (and the
  // window's start moves with it) keeps its place.
  for (auto& row : rows) {
    char key[48];
    std::snprintf(key, sizeof key, "%012lld/%016llx/",
                  static_cast<long long>(row.event.date.time_since_epoch().count()),
                  static_cast<unsigned long long>(text_hash(row.event.message)));
    row.identifier = key + row.event.source_identifier;
  }
  std::sort(rows.begin(), rows.end(), [](const EventRow& a, const EventRow& b) { return a.identifier < b.identifier; });
  const Page<EventRow> page = select_page(std::span<const EventRow>(rows), std::get<PageRequest>(page_request),
                                          [](const EventRow&) { return true; });
  return query_response(
      name(), kRdsXmlNamespace, call.request_id,
      [&](XmlWriter& xml) {
        if (page.marker) xml.text("Marker", *page.marker);
        if (page.items.empty()) {
          xml.empty("Events");
          return;
        }
        xml.open("Events");
        for (const EventRow* row : page.items) {
          const FleetEvent& event = row->event;
          xml.open("Event");
          xml.text("SourceIdentifier", event.source_identifier);
          xml.text("SourceType", event.source_type);
          xml.text("Message", event.message);
          if (event.categories.empty()) {
            xml.empty("EventCategories");
          } else {
            xml.open("EventCategories");
            for (const auto& category : event.categories) xml.text("EventCategory", category);
            xml.close("EventCategories");
          }
          xml.text("Date", iso8601_milliseconds(event.date));
          xml.text("SourceArn", source_arn(call.fleet, event));
          xml.close("Event");
        }
        xml.close("Events");
      },
      512 * (page.items.size() + 1));
}

}  // namespace rds_exporter::sim
