#include "inventory/instance_class_memory.h"

#include <array>
#include <cstdint>

namespace rds_exporter::inventory {
namespace {

constexpr std::int64_t kMiB = std::int64_t{1} << 20;

// Every size RDS sells outside the burstable classes has a fixed vCPU count, and within a family memory is a
// fixed amount per vCPU: a family is that amount and the sizes RDS lists for it.
enum Size : unsigned {
  kMedium = 1U << 0,
  kLarge = 1U << 1,
  kXlarge = 1U << 2,
  k2xlarge = 1U << 3,
  k3xlarge = 1U << 4,
  k4xlarge = 1U << 5,
  k6xlarge = 1U << 6,
  k8xlarge = 1U << 7,
  k10xlarge = 1U << 8,
  k12xlarge = 1U << 9,
  k16xlarge = 1U << 10,
  k24xlarge = 1U << 11,
  k32xlarge = 1U << 12,
  k48xlarge = 1U << 13,
};

struct SizeSpec {
  std::string_view name;
  Size size;
  int vcpus;
};

constexpr std::array<SizeSpec, 14> kSizes{{
    {"medium", kMedium, 1},
    {"large", kLarge, 2},
    {"xlarge", kXlarge, 4},
    {"2xlarge", k2xlarge, 8},
    {"3xlarge", k3xlarge, 12},
    {"4xlarge", k4xlarge, 16},
    {"6xlarge", k6xlarge, 24},
    {"8xlarge", k8xlarge, 32},
    {"10xlarge", k10xlarge, 40},
    {"12xlarge", k12xlarge, 48},
    {"16xlarge", k16xlarge, 64},
    {"24xlarge", k24xlarge, 96},
    {"32xlarge", k32xlarge, 128},
    {"48xlarge", k48xlarge, 192},
}};

constexpr unsigned kLargeTo16x = kLarge | kXlarge | k2xlarge | k4xlarge | k8xlarge | k12xlarge | k16xlarge;
constexpr unsigned kLargeTo24x = kLargeTo16x | k24xlarge;
constexpr unsigned kLargeTo32x = kLargeTo24x | k32xlarge;
constexpr unsigned kLargeTo48x = kLargeTo24x | k48xlarge;

struct Family {
  std::string_view name;
  std::int64_t mib_per_vcpu;
  unsigned sizes;
};

// Memory per vCPU and sizes, from AWS's "Hardware specifications for DB instance classes" (the RDS User Guide's
// table as archived in awsdocs/amazon-rds-user-guide, 2023) and, for the families added since (m6id, r6id, m7g,
// r7g, m7i, r7i, m8g, r8g, x2idn, x2iedn, c6gd), the EC2 instance type of the same name, which an RDS class is.
constexpr Family kFamilies[] = {
    // General purpose: 4 GiB per vCPU.
    {"m4", 4096, kLarge | kXlarge | k2xlarge | k4xlarge | k10xlarge | k16xlarge},
    {"m5", 4096, kLargeTo24x},
    {"m5d", 4096, kLargeTo24x},
    {"m6g", 4096, kLargeTo16x},
    {"m6gd", 4096, kLargeTo16x},
    {"m6i", 4096, kLargeTo32x},
    {"m6id", 4096, kLargeTo32x},
    {"m7g", 4096, kLargeTo16x},
    {"m7i", 4096, kLargeTo48x},
    {"m8g", 4096, kLargeTo48x},
    {"m3", 3840, kMedium | kLarge | kXlarge | k2xlarge},  // 3.75 GiB per vCPU
    // Memory optimized: 8 GiB per vCPU.
    {"r5", 8192, kLargeTo24x},
    {"r5b", 8192, kLargeTo24x},
    {"r5d", 8192, kLargeTo24x},
    {"r6g", 8192, kLargeTo16x},
    {"r6gd", 8192, kLargeTo16x},
    {"r6i", 8192, kLargeTo32x},
    {"r6id", 8192, kLargeTo32x},
    {"r7g", 8192, kLargeTo16x},
    {"r7i", 8192, kLargeTo48x},
    {"r8g", 8192, kLargeTo48x},
    {"z1d", 8192, kLarge | kXlarge | k2xlarge | k3xlarge | k6xlarge | k12xlarge},
    {"r4", 7808, kLarge | kXlarge | k2xlarge | k4xlarge | k8xlarge | k16xlarge},  // 7.625 GiB per vCPU
    {"r3", 7808, kLarge | kXlarge | k2xlarge | k4xlarge | k8xlarge},
    // Memory optimized, larger ratios.
    {"x2g", 16384, kLargeTo16x},
    {"x2idn", 16384, k16xlarge | k24xlarge | k32xlarge},
    {"x2iedn", 32768, kXlarge | k2xlarge | k4xlarge | k8xlarge | k16xlarge | k24xlarge | k32xlarge},
    {"x1", 15616, k16xlarge | k32xlarge},                                              // 15.25 GiB per vCPU
    {"x1e", 31232, kXlarge | k2xlarge | k4xlarge | k8xlarge | k16xlarge | k32xlarge},  // 30.5 GiB per vCPU
    // Compute optimized (Multi-AZ DB cluster readers): 2 GiB per vCPU.
    {"c6gd", 2048, kMedium | kLargeTo16x},
};

// The burstable classes share no per-vCPU ratio: micro, small and medium have 2 vCPUs (1 on db.t2's smallest).
struct BurstableClass {
  std::string_view name;
  int vcpus;
  std::int64_t mib;
};

constexpr BurstableClass kBurstable[] = {
    {"db.t2.micro", 1, 1024},    {"db.t2.small", 1, 2048},     {"db.t2.medium", 2, 4096},  {"db.t2.large", 2, 8192},
    {"db.t2.xlarge", 4, 16384},  {"db.t2.2xlarge", 8, 32768},  {"db.t3.micro", 2, 1024},   {"db.t3.small", 2, 2048},
    {"db.t3.medium", 2, 4096},   {"db.t3.large", 2, 8192},     {"db.t3.xlarge", 4, 16384}, {"db.t3.2xlarge", 8, 32768},
    {"db.t4g.micro", 2, 1024},   {"db.t4g.small", 2, 2048},    {"db.t4g.medium", 2, 4096}, {"db.t4g.large", 2, 8192},
    {"db.t4g.xlarge", 4, 16384}, {"db.t4g.2xlarge", 8, 32768},
};

struct ClassSpec {
  int vcpus;
  std::int64_t bytes;
};

std::optional<ClassSpec> find_class(std::string_view instance_class) {
  for (const BurstableClass& burstable : kBurstable) {
    if (burstable.name == instance_class) return ClassSpec{burstable.vcpus, burstable.mib * kMiB};
  }
  constexpr std::string_view kPrefix = "db.";
  if (!instance_class.starts_with(kPrefix)) return std::nullopt;
  instance_class.remove_prefix(kPrefix.size());
  const auto dot = instance_class.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view family_name = instance_class.substr(0, dot);
  // Anything after the size (RDS for Oracle's "db.r5.large.tpc2.mem4x") changes vCPUs and memory: not in the table.
  const std::string_view size_name = instance_class.substr(dot + 1);
  for (const Family& family : kFamilies) {
    if (family.name != family_name) continue;
    for (const SizeSpec& size : kSizes) {
      if (size.name == size_name && (family.sizes & size.size) != 0) {
        return ClassSpec{size.vcpus, family.mib_per_vcpu * size.vcpus * kMiB};
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> instance_class_memory_bytes(std::string_view instance_class) {
  const auto spec = find_class(instance_class);
  if (!spec) return std::nullopt;
  return spec->bytes;
}

std::optional<int> instance_class_vcpus(std::string_view instance_class) {
  const auto spec = find_class(instance_class);
  if (!spec) return std::nullopt;
  return spec->vcpus;
}

std::int64_t reserved_memory_bytes(std::int64_t total_bytes) { return 236 * kMiB + total_bytes / 56; }

std::optional<double> db_instance_class_memory(std::string_view instance_class) {
  const auto total = instance_class_memory_bytes(instance_class);
  if (!total) return std::nullopt;
  return static_cast<double>(*total - reserved_memory_bytes(*total));
}

}  // namespace rds_exporter::inventory
