#include "sim/rds/parameter_listing.h"

#include "sim/protocol/query_response.h"
#include "sim/rds/rds_api.h"

#include <algorithm>

namespace rds_exporter::sim {

std::vector<ParameterRow> parameter_rows(std::span<const ParameterDefinition> defaults, const ParameterValues& user) {
  std::vector<ParameterRow> rows;
  for (const auto& definition : defaults) {
    rows.push_back({std::string(definition.name), std::string(definition.value), !definition.value.empty(),
                    std::string(definition.source), &definition});
  }
  for (const auto& [name, value] : user) {
    // The binding is captured through a named reference: clang before 16 cannot capture structured bindings.
    auto it = std::find_if(rows.begin(), rows.end(),
                           [&wanted = name](const ParameterRow& row) { return row.identifier == wanted; });
    if (it == rows.end()) {
      rows.push_back({name, value, true, "user", nullptr});
    } else {
      it->value = value;
      it->has_value = true;
      it->source = "user";
    }
  }
  std::sort(rows.begin(), rows.end(),
            [](const ParameterRow& a, const ParameterRow& b) { return a.identifier < b.identifier; });
  return rows;
}

OperationOutcome write_parameter_page(const OperationCall& call, std::string_view operation,
                                      const std::vector<ParameterRow>& rows, const PageRequest& page_request,
                                      const std::vector<Filter>& filters, const std::string* source,
                                      std::string_view engine_defaults_family) {
  const Page<ParameterRow> page =
      select_page(std::span<const ParameterRow>(rows), page_request, [&](const ParameterRow& row) {
        if (source != nullptr && row.source != *source) return false;
        return std::all_of(filters.begin(), filters.end(),
                           [&](const Filter& filter) { return filter.accepts(row.identifier); });
      });
  const auto write_list = [&](XmlWriter& xml) {
    if (page.items.empty()) {
      xml.empty("Parameters");
      return;
    }
    xml.open("Parameters");
    for (const ParameterRow* row : page.items) {
      const ParameterDefinition* d = row->definition;
      const bool dynamic = d == nullptr || d->apply_type == "dynamic";
      xml.open("Parameter");
      xml.text("ParameterName", row->identifier);
      if (row->has_value) xml.text("ParameterValue", row->value);
      xml.text("Description", d != nullptr ? d->description : row->identifier);
      xml.text("Source", row->source);
      xml.text("ApplyType", dynamic ? "dynamic" : "static");
      xml.text("DataType", d != nullptr ? d->data_type : "string");
      if (d != nullptr && !d->allowed_values.empty()) xml.text("AllowedValues", d->allowed_values);
      xml.boolean("IsModifiable", d == nullptr || d->modifiable);
      if (d != nullptr && !d->minimum_engine_version.empty()) {
        xml.text("MinimumEngineVersion", d->minimum_engine_version);
      }
      xml.text("ApplyMethod", dynamic ? "immediate" : "pending-reboot");
      xml.close("Parameter");
    }
    xml.close("Parameters");
  };
  return query_response(
      operation, kRdsXmlNamespace, call.request_id,
      [&](XmlWriter& xml) {
        if (!engine_defaults_family.empty()) {
          xml.open("EngineDefaults");
          xml.text("DBParameterGroupFamily", engine_defaults_family);
          if (page.marker) xml.text("Marker", *page.marker);
          write_list(xml);
          xml.close("EngineDefaults");
          return;
        }
        write_list(xml);
        if (page.marker) xml.text("Marker", *page.marker);
      },
      1024 * (page.items.size() + 1));
}

}  // namespace rds_exporter::sim
