#pragma once

#include "publishing/series_labels.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace prometheus {
class WriteRequest;
}

namespace rds_exporter::remote_write {

// One sample of one series, as it waits in a queue: its labels (__name__ included, sorted by name), its value
// and its timestamp in milliseconds since the Unix epoch.
struct PendingSample {
  std::vector<publishing::LabelPair> labels;
  double value = 0;
  std::int64_t timestamp_ms = 0;
};

// The body of a remote-write 1.0 POST: the samples as a prometheus.WriteRequest (consecutive samples of the same
// series share one TimeSeries), protobuf-encoded, then snappy block-compressed.
std::string encode_write_request(std::span<const PendingSample> samples);

// The other way, for receivers (rds_sim, tests): nullopt when the body is not snappy or not a WriteRequest.
std::optional<prometheus::WriteRequest> decode_write_request(std::string_view body);

// How many samples a decoded request carries.
std::size_t sample_count(const prometheus::WriteRequest& request);

}  // namespace rds_exporter::remote_write
