#include "remote_write/write_request.h"

#include "remote_write.pb.h"

#include <snappy.h>

namespace rds_exporter::remote_write {

std::string encode_write_request(std::span<const PendingSample> samples) {
  prometheus::WriteRequest request;
  prometheus::TimeSeries* series = nullptr;
  const std::vector<publishing::LabelPair>* series_labels = nullptr;
  for (const PendingSample& sample : samples) {
    if (series == nullptr || *series_labels != sample.labels) {
      series = request.add_timeseries();
      series_labels = &sample.labels;
      for (const auto& [name, value] : sample.labels) {
        prometheus::Label* label = series->add_labels();
        label->set_name(name);
        label->set_value(value);
      }
    }
    prometheus::Sample* point = series->add_samples();
    point->set_value(sample.value);
    point->set_timestamp(sample.timestamp_ms);
  }
  const std::string encoded = request.SerializeAsString();
  std::string compressed;
  snappy::Compress(encoded.data(), encoded.size(), &compressed);
  return compressed;
}

std::optional<prometheus::WriteRequest> decode_write_request(std::string_view body) {
  std::string encoded;
  if (!snappy::Uncompress(body.data(), body.size(), &encoded)) return std::nullopt;
  prometheus::WriteRequest request;
  if (!request.ParseFromString(encoded)) return std::nullopt;
  return request;
}

std::size_t sample_count(const prometheus::WriteRequest& request) {
  std::size_t count = 0;
  for (const auto& series : request.timeseries()) count += static_cast<std::size_t>(series.samples_size());
  return count;
}

}  // namespace rds_exporter::remote_write
