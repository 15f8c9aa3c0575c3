#include "sim/rds/describe_db_major_engine_versions.h"

#include "sim/common/iso8601.h"
#include "sim/protocol/query_response.h"
#include "sim/rds/page_request.h"
#include "sim/rds/rds_api.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace rds_exporter::sim {
namespace {

// RDS's support calendar for the open-source engines (sources in sim/README.md). Extended support is empty for
// MariaDB, which has none.
struct MajorVersion {
  std::string_view engine;
  std::string_view version;
  std::string_view standard_start;
  std::string_view standard_end;
  std::string_view extended_start;
  std::string_view extended_end;
};

constexpr MajorVersion kMajorVersions[] = {
    {"aurora-mysql", "5.7", "2018-02-06", "2024-10-31", "2024-11-01", "2028-02-29"},
    {"aurora-mysql", "8.0", "2021-11-18", "2028-04-30", "2028-05-01", "2031-04-30"},
    {"aurora-postgresql", "11", "2019-11-26", "2024-02-29", "2024-03-01", "2027-03-31"},
    {"aurora-postgresql", "12", "2021-01-28", "2025-02-28", "2025-03-01", "2028-02-29"},
    {"aurora-postgresql", "13", "2021-08-26", "2026-02-28", "2026-03-01", "2029-02-28"},
    {"aurora-postgresql", "14", "2022-06-09", "2027-02-28", "2027-03-01", "2030-02-28"},
    {"aurora-postgresql", "15", "2023-07-13", "2028-02-29", "2028-03-01", "2031-02-28"},
    {"aurora-postgresql", "16", "2024-01-31", "2029-02-28", "2029-03-01", "2032-02-29"},
    {"mariadb", "10.4", "2020-04-06", "2025-06-18", "", ""},
    {"mariadb", "10.5", "2021-01-21", "2025-06-24", "", ""},
    {"mariadb", "10.6", "2022-02-03", "2026-07-31", "", ""},
    {"mariadb", "10.11", "2023-08-21", "2028-02-16", "", ""},
    {"mariadb", "11.4", "2024-09-17", "2029-05-29", "", ""},
    {"mysql", "5.7", "2016-02-22", "2024-02-29", "2024-03-01", "2027-02-28"},
    {"mysql", "8.0", "2018-10-23", "2026-07-31", "2026-08-01", "2029-07-31"},
    {"mysql", "8.4", "2024-11-21", "2029-07-31", "2029-08-01", "2032-07-31"},
    {"postgres", "11", "2019-03-13", "2024-02-29", "2024-03-01", "2027-03-31"},
    {"postgres", "12", "2020-03-31", "2025-02-28", "2025-03-01", "2028-02-29"},
    {"postgres", "13", "2021-02-24", "2026-02-28", "2026-03-01", "2029-02-28"},
    {"postgres", "14", "2022-02-03", "2027-02-28", "2027-03-01", "2030-02-28"},
    {"postgres", "15", "2023-02-27", "2028-02-29", "2028-03-01", "2031-02-28"},
    {"postgres", "16", "2023-11-17", "2029-02-28", "2029-03-01", "2032-02-29"},
    {"postgres", "17", "2024-11-18", "2030-02-28", "2030-03-01", "2033-02-28"},
};

// What pages are cut by: engine, then the version with its numbers padded so that 9.6 < 10 < 11.
struct EngineVersionRow {
  std::string identifier;
  const MajorVersion* version;
};

std::string sort_key(const MajorVersion& version) {
  std::string key(version.engine);
  key += '/';
  std::size_t start = 0;
  while (start <= version.version.size()) {
    std::size_t dot = version.version.find('.', start);
    if (dot == std::string_view::npos) dot = version.version.size();
    char part[16];
    std::snprintf(part, sizeof part, "%05d.",
                  std::atoi(std::string(version.version.substr(start, dot - start)).c_str()));
    key += part;
    start = dot + 1;
  }
  return key;
}

std::string day(std::string_view date, bool end_of_day) {
  return std::string(date) + (end_of_day ? "T23:59:59Z" : "T00:00:00Z");
}

void write_lifecycle(XmlWriter& xml, std::string_view name, std::string_view start, std::string_view end) {
  xml.open("SupportedEngineLifecycle");
  xml.text("LifecycleSupportName", name);
  xml.text("LifecycleSupportStartDate", day(start, false));
  xml.text("LifecycleSupportEndDate", day(end, true));
  xml.close("SupportedEngineLifecycle");
}

}  // namespace

std::string DescribeDbMajorEngineVersions::resource_arn(const OperationCall&) const { return "*"; }

OperationOutcome DescribeDbMajorEngineVersions::invoke(const OperationCall& call) const {
  auto page_request = read_page_request(call.params);
  if (auto* error = std::get_if<ApiError>(&page_request)) return std::move(*error);
  const std::string* engine = call.params.find("Engine");
  const std::string* major = call.params.find("MajorEngineVersion");
  std::vector<EngineVersionRow> rows;
  for (const auto& version : kMajorVersions) rows.push_back({sort_key(version), &version});
  std::sort(rows.begin(), rows.end(),
            [](const EngineVersionRow& a, const EngineVersionRow& b) { return a.identifier < b.identifier; });
  const Page<EngineVersionRow> page = select_page(
      std::span<const EngineVersionRow>(rows), std::get<PageRequest>(page_request), [&](const EngineVersionRow& row) {
        return (engine == nullptr || row.version->engine == *engine) &&
               (major == nullptr || row.version->version == *major);
      });
  return query_response(name(), kRdsXmlNamespace, call.request_id, [&](XmlWriter& xml) {
    if (page.items.empty()) {
      xml.empty("DBMajorEngineVersions");
    } else {
      xml.open("DBMajorEngineVersions");
      for (const EngineVersionRow* row : page.items) {
        const MajorVersion& v = *row->version;
        xml.open("DBMajorEngineVersion");
        xml.text("Engine", v.engine);
        xml.text("MajorEngineVersion", v.version);
        xml.open("SupportedEngineLifecycles");
        write_lifecycle(xml, "open-source-rds-standard-support", v.standard_start, v.standard_end);
        if (!v.extended_start.empty()) {
          write_lifecycle(xml, "open-source-rds-extended-support", v.extended_start, v.extended_end);
        }
        xml.close("SupportedEngineLifecycles");
        xml.close("DBMajorEngineVersion");
      }
      xml.close("DBMajorEngineVersions");
    }
    if (page.marker) xml.text("Marker", *page.marker);
  });
}

}  // namespace rds_exporter::sim
