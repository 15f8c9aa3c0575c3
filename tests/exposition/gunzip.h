#pragma once

#include <string>

namespace rds_exporter::testing {

// The text a gzip body holds, as any HTTP client would inflate it; "<corrupt gzip stream>" when it is not exactly
// one complete gzip stream, so that a comparison with the expected text fails and shows why.
std::string gunzip(const std::string& compressed);

}  // namespace rds_exporter::testing
