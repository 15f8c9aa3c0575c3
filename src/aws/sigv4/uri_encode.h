#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::aws {

// Percent-encoding as SigV4 defines it: the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~) stay, every
// other byte (each byte of a UTF-8 sequence too) becomes %XX with uppercase hex. Stricter than
// form-encoding: a space is %20, never '+'.
std::string uri_encode(std::string_view text);

// The same for a URI path, where '/' separates segments and so stays as it is.
std::string uri_encode_path(std::string_view path);

}  // namespace rds_exporter::aws
