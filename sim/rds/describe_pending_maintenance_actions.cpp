#include "sim/rds/describe_pending_maintenance_actions.h"

#include "sim/common/iso8601.h"
#include "sim/protocol/query_response.h"
#include "sim/rds/filters.h"
#include "sim/rds/page_request.h"
#include "sim/rds/rds_api.h"
#include "sim/rds/rds_errors.h"
#include "sim/rds/resource_names.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kMaintenanceFilterNames[] = {"db-cluster-id", "db-instance-id"};

// One resource with pending actions; its ARN is what pages are cut by.
struct Resource {
  std::string identifier;  // the ARN
  std::string name;
  bool cluster = false;
  const std::vector<PendingMaintenanceAction>* actions = nullptr;
};

std::vector<Resource> resources_of(const Fleet& fleet) {
  std::vector<Resource> resources;
  for (const auto& instance : fleet.instances()) {
    if (!instance.pending_maintenance.empty()) {
      resources.push_back({instance.arn, instance.identifier, false, &instance.pending_maintenance});
    }
  }
  for (const auto& cluster : fleet.clusters()) {
    if (!cluster.pending_maintenance.empty()) {
      resources.push_back({cluster.arn, cluster.identifier, true, &cluster.pending_maintenance});
    }
  }
  std::sort(resources.begin(), resources.end(),
            [](const Resource& a, const Resource& b) { return a.identifier < b.identifier; });
  return resources;
}

bool maintenance_accepts(const Resource& resource, const Filter& filter, const Fleet& fleet) {
  if ((filter.name == "db-instance-id") == resource.cluster) return false;
  return std::any_of(filter.values.begin(), filter.values.end(), [&](const std::string& value) {
    const auto name = identifier_or_arn(value, resource.cluster ? "cluster" : "db", fleet);
    return name && to_lower_identifier(*name) == resource.name;
  });
}

void write_action(XmlWriter& xml, const PendingMaintenanceAction& action) {
  xml.open("PendingMaintenanceAction");
  xml.text("Action", action.action);
  if (action.auto_applied_after) xml.text("AutoAppliedAfterDate", iso8601(*action.auto_applied_after));
  if (action.forced_apply) xml.text("ForcedApplyDate", iso8601(*action.forced_apply));
  if (!action.opt_in_status.empty()) xml.text("OptInStatus", action.opt_in_status);
  std::optional<std::chrono::sys_seconds> current = action.current_apply;
  if (!current) current = action.auto_applied_after;
  if (action.forced_apply && (!current || *action.forced_apply < *current)) current = action.forced_apply;
  if (current) xml.text("CurrentApplyDate", iso8601(*current));
  if (!action.description.empty()) xml.text("Description", action.description);
  xml.close("PendingMaintenanceAction");
}

}  // namespace

std::string DescribePendingMaintenanceActions::resource_arn(const OperationCall& call) const {
  const std::string* arn = call.params.find("ResourceIdentifier");
  return arn != nullptr ? *arn : "*";
}

OperationOutcome DescribePendingMaintenanceActions::invoke(const OperationCall& call) const {
  auto page_request = read_page_request(call.params);
  if (auto* error = std::get_if<ApiError>(&page_request)) return std::move(*error);
  auto filters = read_filters(call.params, kMaintenanceFilterNames);
  if (auto* error = std::get_if<ApiError>(&filters)) return std::move(*error);
  const auto& filter_list = std::get<std::vector<Filter>>(filters);
  const std::string* only = call.params.find("ResourceIdentifier");
  if (only != nullptr) {
    const auto resource = parse_rds_arn(*only, call.fleet);
    const bool exists =
        resource && ((resource->type == "db" && call.fleet.find_instance(resource->name) != nullptr) ||
                     (resource->type == "cluster" && call.fleet.find_cluster(resource->name) != nullptr));
    if (!exists) return resource_not_found();
  }
  const std::vector<Resource> resources = resources_of(call.fleet);
  const Page<Resource> page = select_page(
      std::span<const Resource>(resources), std::get<PageRequest>(page_request), [&](const Resource& resource) {
        if (only != nullptr && resource.identifier != *only) return false;
        return std::all_of(filter_list.begin(), filter_list.end(),
                           [&](const Filter& filter) { return maintenance_accepts(resource, filter, call.fleet); });
      });
  return query_response(name(), kRdsXmlNamespace, call.request_id, [&](XmlWriter& xml) {
    if (page.items.empty()) {
      xml.empty("PendingMaintenanceActions");
    } else {
      xml.open("PendingMaintenanceActions");
      for (const Resource* resource : page.items) {
        xml.open("ResourcePendingMaintenanceActions");
        xml.text("ResourceIdentifier", resource->identifier);
        xml.open("PendingMaintenanceActionDetails");
        for (const auto& action : *resource->actions) write_action(xml, action);
        xml.close("PendingMaintenanceActionDetails");
        xml.close("ResourcePendingMaintenanceActions");
      }
      xml.close("PendingMaintenanceActions");
    }
    if (page.marker) xml.text("Marker", *page.marker);
  });
}

}  // namespace rds_exporter::sim
