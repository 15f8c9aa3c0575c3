#include "aws/credentials/file_text.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace rds_exporter::aws {
namespace {

FileProblem problem_from_errno(const std::string& path, int error) {
  return FileProblem{error == ENOENT || error == ENOTDIR, "cannot read " + path + ": " + std::strerror(error)};
}

}  // namespace

common::Expected<std::string, FileProblem> read_file_text(const std::string& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return common::Unexpected{problem_from_errno(path, errno)};
  std::string text;
  char buffer[8192];
  while (true) {
    const std::size_t count = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, count);
    if (count < sizeof buffer) break;
  }
  // A directory opens fine on Linux and fails only here, with EISDIR.
  if (std::ferror(file.get())) return common::Unexpected{problem_from_errno(path, errno)};
  return text;
}

}  // namespace rds_exporter::aws
