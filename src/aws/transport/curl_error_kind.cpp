#include "aws/transport/curl_error_kind.h"

namespace rds_exporter::aws {

TransportErrorKind transport_error_kind(CURLcode code, long proxy_connect_status) {
  const bool tunnel_refused = proxy_connect_status != 0 && (proxy_connect_status < 200 || proxy_connect_status > 299);
  if (tunnel_refused) return TransportErrorKind::proxy_failed;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return TransportErrorKind::connect_failed;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportErrorKind::timed_out;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
      return TransportErrorKind::proxy_failed;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return TransportErrorKind::tls_failed;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransportErrorKind::refused;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
      return TransportErrorKind::connection_broken;
    default:
      // Whatever else goes wrong once a transfer is under way (a garbled answer, an HTTP/2 stream error, memory)
      // leaves the caller in the same place: the exchange broke off, and a retry may fare better.
      return TransportErrorKind::connection_broken;
  }
}

}  // namespace rds_exporter::aws
