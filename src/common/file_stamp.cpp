#include "common/file_stamp.h"

#include <sys/stat.h>

namespace rds_exporter::common {

FileStamp stamp_file(const std::filesystem::path& file) {
  struct stat status {};
  if (file.empty() || ::stat(file.c_str(), &status) != 0) return FileStamp{};
  return FileStamp{true, status.st_dev, status.st_ino, status.st_size, status.st_mtim};
}

}  // namespace rds_exporter::common
