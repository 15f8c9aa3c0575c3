// The value of one key as an APP_* variable, a YAML scalar or a --flag sets it: the input is "key=value"
// ("exporter.port=9100"), the value going to that key's parser and, when valid, back out as --check-config
// shows it.
#include "config/key_table.h"
#include "config/settings.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rds_exporter::config;
  const auto text = rds_exporter::fuzz::text_of(data, size);
  const auto equals = text.find('=');
  if (equals == std::string_view::npos) return 0;
  const KeyDefinition* key = find_key(text.substr(0, equals));
  if (!key) return 0;
  Settings settings;
  if (!key->assign(RawValue{std::string(text.substr(equals + 1))}, settings)) (void)key->show(settings);
  return 0;
}
