#pragma once

#include "common/environment.h"

#include <sys/types.h>

#include <string>
#include <string_view>

namespace rds_exporter::aws::testing {

// A fresh directory to serve as HOME (and hold token files and scripts), removed with everything in it.
class TempHome {
 public:
  TempHome();
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;
  ~TempHome();

  const std::string& path() const { return path_; }
  // Writes `relative` (creating its folders) and returns its absolute path.
  std::string write(const std::string& relative, std::string_view content, mode_t mode = 0600) const;
  // An executable /bin/sh script.
  std::string script(const std::string& relative, std::string_view body) const;
  // HOME set to this folder, PATH to the usual system folders.
  common::Environment environment() const;

 private:
  std::string path_;
};

}  // namespace rds_exporter::aws::testing
