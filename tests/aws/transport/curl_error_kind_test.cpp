#include "aws/transport/curl_error_kind.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

TEST(CurlErrorKind, MapsLibcurlCodesToWhatTheyMeanToTheCaller) {
  const std::pair<CURLcode, TransportErrorKind> cases[] = {
      {CURLE_COULDNT_RESOLVE_HOST, TransportErrorKind::connect_failed},
      {CURLE_COULDNT_CONNECT, TransportErrorKind::connect_failed},
      {CURLE_OPERATION_TIMEDOUT, TransportErrorKind::timed_out},
      {CURLE_SEND_ERROR, TransportErrorKind::connection_broken},
      {CURLE_RECV_ERROR, TransportErrorKind::connection_broken},
      {CURLE_GOT_NOTHING, TransportErrorKind::connection_broken},
      {CURLE_PARTIAL_FILE, TransportErrorKind::connection_broken},
      {CURLE_BAD_CONTENT_ENCODING, TransportErrorKind::connection_broken},
      {CURLE_WEIRD_SERVER_REPLY, TransportErrorKind::connection_broken},
      {CURLE_SSL_CONNECT_ERROR, TransportErrorKind::tls_failed},
      {CURLE_PEER_FAILED_VERIFICATION, TransportErrorKind::tls_failed},
      {CURLE_SSL_CACERT_BADFILE, TransportErrorKind::tls_failed},
      {CURLE_COULDNT_RESOLVE_PROXY, TransportErrorKind::proxy_failed},
      {CURLE_PROXY, TransportErrorKind::proxy_failed},
      {CURLE_URL_MALFORMAT, TransportErrorKind::refused},
      {CURLE_UNSUPPORTED_PROTOCOL, TransportErrorKind::refused},
  };
  for (const auto& [code, kind] : cases) EXPECT_EQ(transport_error_kind(code, 0), kind) << curl_easy_strerror(code);
}

TEST(CurlErrorKind, ATunnelTheProxyRefusedIsAProxyFailure) {
  EXPECT_EQ(transport_error_kind(CURLE_COULDNT_CONNECT, 403), TransportErrorKind::proxy_failed);
  EXPECT_EQ(transport_error_kind(CURLE_RECV_ERROR, 407), TransportErrorKind::proxy_failed);
  EXPECT_EQ(transport_error_kind(CURLE_OPERATION_TIMEDOUT, 200), TransportErrorKind::timed_out);
}

}  // namespace
}  // namespace rds_exporter::aws
