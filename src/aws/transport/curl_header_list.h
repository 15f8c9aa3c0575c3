#pragma once

#include "common/expected.h"
#include "common/http_message.h"

#include <curl/curl.h>

#include <memory>
#include <string>

namespace rds_exporter::aws {

struct CurlSlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHeaderList = std::unique_ptr<curl_slist, CurlSlistFree>;

// The headers in libcurl's form, plus empty entries that keep libcurl from adding an Accept, an
// "Expect: 100-continue" or a form Content-Type of its own unless the request has them: what goes on the
// wire is what was signed. The error names the reason a header cannot be sent (an empty name, or a name or
// value that would split the header: ':' or whitespace in the name, CR or LF anywhere) but never a value.
// Throws std::bad_alloc when libcurl runs out of memory.
common::Expected<CurlHeaderList, std::string> curl_header_list(const common::Headers& headers);

}  // namespace rds_exporter::aws
