#pragma once

#include "aws/transport/http_transport.h"

#include <curl/curl.h>

namespace rds_exporter::aws {

// What a failed transfer means to the caller. proxy_connect_status is the proxy's answer to CONNECT
// (CURLINFO_HTTP_CONNECTCODE), 0 when there was none: libcurl reports a refused tunnel as a failure to
// connect, which the status tells apart from the server itself being unreachable.
TransportErrorKind transport_error_kind(CURLcode code, long proxy_connect_status);

}  // namespace rds_exporter::aws
