#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::aws {

// Digests and MACs come back as raw bytes in a std::string so that one HMAC's output can be the next one's
// key, as the SigV4 key derivation chains them. Failures inside OpenSSL throw std::runtime_error.
std::string sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

// Lowercase hex, the form SigV4 uses for hashes and signatures.
std::string hex_encode(std::string_view bytes);

// Compares in time independent of where the inputs differ, so that a verifier checking a signature does not
// tell an attacker how many leading characters of a forged one were right.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace rds_exporter::aws
