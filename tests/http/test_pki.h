#pragma once

// Certificates made at test time with the openssl tool: a CA and the server and client certificates it signs,
// so that no key material is checked in and nothing expires in the repository.

#include <filesystem>
#include <string>

namespace rds_exporter::http::testing {

struct KeyPair {
  std::filesystem::path certificate;
  std::filesystem::path key;
};

class TestPki {
 public:
  // Makes a CA ("Test CA") in `directory`.
  explicit TestPki(std::filesystem::path directory);

  const std::filesystem::path& ca_certificate() const { return ca_.certificate; }

  // A certificate for `common_name` signed by the CA, with the given subjectAltName (e.g.
  // "DNS:localhost,IP:127.0.0.1") and serial number, usable by servers and clients. Files: <file_stem>.pem/.key.
  KeyPair issue(const std::string& file_stem, const std::string& common_name, const std::string& subject_alt_name,
                int serial) const;

  // A self-signed certificate no CA vouches for.
  KeyPair self_signed(const std::string& file_stem, const std::string& common_name) const;

 private:
  std::filesystem::path directory_;
  KeyPair ca_;
};

// Writes `text` to `file`, replacing it.
void write_file(const std::filesystem::path& file, const std::string& text);
std::string read_file(const std::filesystem::path& file);

}  // namespace rds_exporter::http::testing
