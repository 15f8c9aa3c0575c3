#pragma once

#include "common/expected.h"

#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// Splits a command line into words as botocore does for credential_process (Python's shlex.split, POSIX
// mode): blanks separate words, '...' is literal, "..." keeps everything but \" and \\ literal, and a
// backslash outside quotes makes the next character literal. No expansion of any kind: no shell is involved.
// The error names the problem (unterminated quote, trailing backslash) but never quotes the text, which may
// carry a secret argument.
common::Expected<std::vector<std::string>, std::string> split_shell_words(std::string_view text);

}  // namespace rds_exporter::aws
