#include "test_pki.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rds_exporter::http::testing {
namespace {

constexpr const char* kNewKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

void run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("openssl failed: " + command);
  }
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

}  // namespace

TestPki::TestPki(std::filesystem::path directory) : directory_(std::move(directory)) {
  ca_ = self_signed("ca", "Test CA");
}

KeyPair TestPki::self_signed(const std::string& file_stem, const std::string& common_name) const {
  KeyPair pair{directory_ / (file_stem + ".pem"), directory_ / (file_stem + ".key")};
  // openssl's default req -x509 extensions (v3_ca) make this a CA certificate, which suits both uses.
  run(std::string("openssl req -x509 ") + kNewKey + " -days 2 -subj '/CN=" + common_name + "' -keyout " +
      quoted(pair.key) + " -out " + quoted(pair.certificate));
  return pair;
}

KeyPair TestPki::issue(const std::string& file_stem, const std::string& common_name,
                       const std::string& subject_alt_name, int serial) const {
  KeyPair pair{directory_ / (file_stem + ".pem"), directory_ / (file_stem + ".key")};
  const auto request = directory_ / (file_stem + ".csr");
  const auto extensions = directory_ / (file_stem + ".ext");
  write_file(extensions, "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=" +
                             subject_alt_name + "\n");
  run(std::string("openssl req -new ") + kNewKey + " -subj '/CN=" + common_name + "' -keyout " + quoted(pair.key) +
      " -out " + quoted(request));
  run("openssl x509 -req -in " + quoted(request) + " -CA " + quoted(ca_.certificate) + " -CAkey " + quoted(ca_.key) +
      " -set_serial " + std::to_string(serial) + " -days 2 -extfile " + quoted(extensions) + " -out " +
      quoted(pair.certificate));
  return pair;
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream << text;
  if (!stream.flush()) throw std::runtime_error("cannot write " + file.string());
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

}  // namespace rds_exporter::http::testing
