#pragma once

#include <sys/types.h>

#include <ctime>
#include <filesystem>

namespace rds_exporter::common {

// What identifies a file's version on disk: replaced files (cert-manager swaps a symlink, editors write a new
// inode, cp rewrites in place) change at least one of these. Used to reload a file once it changed (the web
// config's TLS files, the CA bundle of the AWS transport).
struct FileStamp {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::timespec mtime{};

  friend bool operator==(const FileStamp& a, const FileStamp& b) {
    return a.exists == b.exists && a.device == b.device && a.inode == b.inode && a.size == b.size &&
           a.mtime.tv_sec == b.mtime.tv_sec && a.mtime.tv_nsec == b.mtime.tv_nsec;
  }
};

// The file's stamp, following symlinks; `exists` is false when it cannot be stat'ed (or the path is empty).
FileStamp stamp_file(const std::filesystem::path& file);

}  // namespace rds_exporter::common
