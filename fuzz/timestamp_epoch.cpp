// Epoch seconds and milliseconds as AWS JSON carries them ({"Timestamps":[1.7145648E9]}): the input is the
// number's text, as a JSON number, and also its first 8 bytes taken as a double, to reach NaN and infinities.
#include "aws/protocol/json_reader.h"
#include "aws/protocol/response_reading.h"
#include "aws/protocol/timestamp.h"
#include "common/time_text.h"
#include "fuzz_input.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rds_exporter::aws;
  using rds_exporter::common::format_iso8601;
  if (size >= sizeof(double)) {
    double number = 0;
    std::memcpy(&number, data, sizeof number);
    if (const auto time = from_epoch_seconds(number)) (void)format_iso8601(*time);
    if (const auto time = from_epoch_milliseconds(number)) (void)format_iso8601(*time);
  }
  const auto document = parse_json_document(rds_exporter::fuzz::text_of(data, size));
  if (!document) return 0;
  try {
    const JsonElement root(*document, "");
    (void)format_iso8601(root.to_epoch_seconds());
    (void)format_iso8601(root.to_epoch_milliseconds());
  } catch (const MalformedResponseError&) {
  }
  return 0;
}
