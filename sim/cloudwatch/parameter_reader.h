#pragma once

#include "sim/cloudwatch/metric_series.h"
#include "sim/cloudwatch/validation_report.h"
#include "sim/protocol/query_parameters.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

// The most dimensions CloudWatch accepts for one metric, in every request that names one.
inline constexpr std::size_t kMaxDimensions = 30;

// Reads the typed parameters of a CloudWatch request in Query form (JSON bodies are flattened to it, see
// json_request.h), recording AWS's complaint about each one that is missing or malformed in a ValidationReport
// instead of stopping at the first, as CloudWatch reports them all.
class ParameterReader {
 public:
  // The request's own parameters.
  ParameterReader(const QueryParameters& params, ValidationReport& report);
  // Item `index` of the list `list` of `parent` (from parent.items(list)), whose parameters messages name
  // "<list>.member.<index>.<name>" below the parent's. `list` must outlive the reader.
  ParameterReader(const QueryParameters& item, const ParameterReader& parent, std::string_view list, unsigned index);

  const QueryParameters& parameters() const { return params_; }
  const std::string* find(std::string_view name) const { return params_.find(name); }
  // The name messages give a parameter: "MetricDataQueries.member.3.MetricStat.Period".
  std::string parameter(std::string_view name) const;

  // Records the parameter as missing when it is absent.
  const std::string* required(std::string_view name);
  // Required, ISO-8601 UTC ("2024-05-01T12:00:00Z", fractions dropped): seconds since the epoch.
  std::optional<std::int64_t> timestamp(std::string_view name);
  // Optional: nullopt when absent, or when malformed (recorded).
  std::optional<std::int64_t> integer(std::string_view name);
  std::optional<bool> boolean(std::string_view name);
  // Required, and one CloudWatch accepts: 1, 5, 10, 20, 30 or a multiple of 60.
  std::optional<std::int64_t> period(std::string_view name);
  // "<list>.member.N.Name" / ".Value", both required, at most `maximum` of them.
  std::vector<Dimension> dimensions(std::string_view list, std::size_t maximum);

  // The items of "<name>.member.N", keyed by N.
  std::map<unsigned, QueryParameters> items(std::string_view name) const;
  ValidationReport& report() { return report_; }

 private:
  const QueryParameters& params_;
  ValidationReport& report_;
  // Where the parameters sit, spelled out only when a message needs it, since most requests are fine.
  const ParameterReader* parent_ = nullptr;
  std::string_view list_;
  unsigned index_ = 0;
};

}  // namespace rds_exporter::sim::cloudwatch
