// The Authorization header of a request when basic_auth_users is set. A hasher that costs nothing stands in for
// bcrypt (whose 2^4 rounds would leave the fuzzer a few hundred runs a second), so the time goes to the header's
// decoding, the credentials' cache and the comparison.
#include "fuzz_input.h"
#include "http/basic_auth.h"

#include <optional>
#include <string>

namespace {

rds_exporter::http::BasicAuthenticator& authenticator() {
  static rds_exporter::http::BasicAuthenticator instance(
      {{"prometheus", "$2b$04$CSGwL.tfbzSUMYChH77/munQANfJFZ6BlTR8m9lyF4BA0X4SIGHy2"}},
      [](const std::string& password, const std::string& setting) -> std::optional<std::string> {
        if (password == "s3cret") return "$2b$04$CSGwL.tfbzSUMYChH77/munQANfJFZ6BlTR8m9lyF4BA0X4SIGHy2";
        return setting + "x";
      });
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)authenticator().verify(rds_exporter::fuzz::text_of(data, size));
  return 0;
}
