// ~/.aws/config and ~/.aws/credentials: the input up to its first NUL byte is the config file, the rest the
// credentials file. Every lookup the credential chain makes is asked of the profiles found.
#include "aws/credentials/shared_config_files.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rds_exporter::aws;
  const auto text = rds_exporter::fuzz::text_of(data, size);
  const auto nul = text.find('\0');
  const auto config = text.substr(0, nul);
  const auto credentials = nul == std::string_view::npos ? std::string_view{} : text.substr(nul + 1);
  const auto files = SharedConfigFiles::parse({"config", "credentials"}, config, credentials);
  if (!files) return 0;
  for (const char* profile : {"default", "prod", "sso"}) {
    (void)files->profile(profile);
    (void)files->profile_region(profile);
    (void)files->profile_endpoint_url(profile, "rds");
    (void)files->profile_value(profile, "sso_session");
    (void)files->sso_session(profile);
    (void)files->config_file_has_unprefixed_section(profile);
  }
  return 0;
}
