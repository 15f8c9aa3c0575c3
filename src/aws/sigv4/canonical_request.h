#pragma once

#include "common/http_message.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// The payload hash that tells AWS the body is not covered by the signature.
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// The SigV4 canonical request:
//   METHOD \n canonical URI \n canonical query \n canonical headers \n \n signed headers \n payload hash
// `signed_header_names` says which headers are covered (in any order and case; a verifier passes the
// SignedHeaders it received). A name that no header of the request has throws std::invalid_argument, since
// the signature could not cover it. `normalize` is false only for S3, which signs the path as sent.
std::string canonical_request(const common::HttpRequest& request, std::span<const std::string> signed_header_names,
                              std::string_view payload_hash, bool normalize);

// The unencoded path with "." and ".." segments resolved and empty segments ("//") removed; a trailing
// slash is kept.
std::string normalize_path(std::string_view path);

// The path, normalised if asked, percent-encoded once; "/" for an empty path.
std::string canonical_uri(std::string_view path, bool normalize);

// Keys and values percent-encoded, sorted by encoded key and then encoded value, joined as k=v&k=v.
std::string canonical_query_string(const common::QueryParams& query);

// Trimmed, with every run of whitespace inside (folded continuation lines included) made one space.
std::string canonical_header_value(std::string_view value);

// The lowercase, sorted, de-duplicated names of the headers a signer covers: all of them except those that
// proxies and HTTP clients add or rewrite after signing (Authorization itself, User-Agent, Expect,
// X-Amzn-Trace-Id), which would otherwise break the signature in transit.
std::vector<std::string> signable_header_names(const common::Headers& headers);

// "host;x-amz-date": sorted lowercase names joined with ';', as in SignedHeaders and X-Amz-SignedHeaders.
std::string signed_headers_list(std::span<const std::string> signed_header_names);

}  // namespace rds_exporter::aws
