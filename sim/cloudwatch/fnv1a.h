#pragma once

#include <cstdint>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

// 64-bit FNV-1a over bytes fed in pieces: stable across platforms and runs, unlike std::hash, which is what
// simulated values and pagination tokens need.
class Fnv1a {
 public:
  Fnv1a& add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
    return *this;
  }

  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace rds_exporter::sim::cloudwatch
