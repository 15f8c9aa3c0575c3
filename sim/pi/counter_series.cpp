#include "sim/pi/counter_series.h"

#include "sim/cloudwatch/time_arithmetic.h"

#include <algorithm>

namespace rds_exporter::sim::pi {

CounterSeries::CounterSeries(const DbInstance& instance, const Counter& counter)
    : shape_(instance.dbi_resource_id, series_definition(counter)),
      created_(instance.create_time.time_since_epoch().count()),
      publishing_(instance.status != "stopped") {}

std::optional<double> CounterSeries::value(const cloudwatch::Statistic& statistic, std::int64_t start,
                                           std::int64_t period, std::int64_t now) const {
  if (!publishing_ || start + period > now - cloudwatch::kPublicationDelaySeconds) return std::nullopt;
  const cloudwatch::SampleRange held{
      cloudwatch::ceil_to_multiple(std::max(created_, now - kRetentionSeconds), kSampleSeconds),
      cloudwatch::floor_to_multiple(now - cloudwatch::kPublicationDelaySeconds - kSampleSeconds, kSampleSeconds)};
  cloudwatch::DatapointSamples samples;
  samples.collect(shape_, held, kSampleSeconds, start, period);
  if (samples.empty()) return std::nullopt;
  return samples.value(statistic);
}

}  // namespace rds_exporter::sim::pi
