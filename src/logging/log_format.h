#pragma once

namespace rds_exporter::logging {

// text for people reading a terminal, json (one object per line) for log pipelines.
enum class LogFormat { text, json };

}  // namespace rds_exporter::logging
