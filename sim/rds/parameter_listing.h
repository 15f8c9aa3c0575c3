#pragma once

#include "sim/fleet/parameter_catalog.h"
#include "sim/protocol/query_service.h"
#include "sim/rds/filters.h"
#include "sim/rds/page_request.h"

#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::sim {

using ParameterValues = std::vector<std::pair<std::string, std::string>>;

// One Parameter of a response; `identifier` (its name) is what pages are cut by.
struct ParameterRow {
  std::string identifier;
  std::string value;
  bool has_value = false;
  std::string source;
  const ParameterDefinition* definition = nullptr;  // nullptr for a user parameter the catalog lacks
};

// A family's defaults with a custom group's values over them (Source user), sorted by name.
std::vector<ParameterRow> parameter_rows(std::span<const ParameterDefinition> defaults, const ParameterValues& user);

// The Parameters list of DescribeDBParameters and friends, narrowed by Source (null: all) and parameter-name; with
// a non-empty `engine_defaults_family` wrapped in EngineDefaults as DescribeEngineDefault*Parameters answer.
OperationOutcome write_parameter_page(const OperationCall& call, std::string_view operation,
                                      const std::vector<ParameterRow>& rows, const PageRequest& page_request,
                                      const std::vector<Filter>& filters, const std::string* source,
                                      std::string_view engine_defaults_family);

}  // namespace rds_exporter::sim
