#include "aws/transport/http_transport.h"

namespace rds_exporter::aws {

std::string_view to_string(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::connect_failed:
      return "connect_failed";
    case TransportErrorKind::timed_out:
      return "timed_out";
    case TransportErrorKind::connection_broken:
      return "connection_broken";
    case TransportErrorKind::tls_failed:
      return "tls_failed";
    case TransportErrorKind::proxy_failed:
      return "proxy_failed";
    case TransportErrorKind::refused:
      return "refused";
    case TransportErrorKind::cancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace rds_exporter::aws
