#pragma once

#include "common/expected.h"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

struct IniProperty {
  // Trimmed; text after the value (such as "# comment") is part of it, as in botocore's parser.
  std::string value;
  // "key =" followed by more deeply indented "name = value" lines, as [services] sections use them
  // ("rds =\n  endpoint_url = http://..."). Names lower-cased, values trimmed.
  std::map<std::string, std::string, std::less<>> sub_properties;
};

struct IniSection {
  // What stands between the brackets, trimmed: "default", "profile prod", "sso-session my-sso".
  std::string header;
  int line = 0;
  // Keys lower-cased.
  std::map<std::string, IniProperty, std::less<>> properties;
};

// Sections in file order.
using IniDocument = std::vector<IniSection>;

// The INI dialect of the AWS config and credentials files, which is Python's configparser as botocore uses
// it: full-line '#' and ';' comments, "key = value" or "key: value", a line indented deeper than the key
// above it continues that key, a section or key appearing twice is an error. The error reads
// "<file_name>:<line>: <what is wrong>" and never quotes a value, which may be a secret key.
common::Expected<IniDocument, std::string> parse_ini(std::string_view text, std::string_view file_name);

}  // namespace rds_exporter::aws
