#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::aws::testing {

// A document from reference/, copied verbatim from where docs/aws-wire-formats.md#reference-documents says, so
// that the parsers are tested against what AWS is documented to send, not against what we expect them to read.
std::string reference_document(std::string_view name);

}  // namespace rds_exporter::aws::testing
