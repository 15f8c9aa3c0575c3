#include "discovery/instance_class.h"

#include "catalog/metric_catalog.h"

#include <array>

namespace rds_exporter::discovery {
namespace {

constexpr std::string_view kClassPrefix = "db.";
constexpr std::string_view kServerlessClass = "db.serverless";
constexpr std::string_view kDigits = "0123456789";

bool is_burstable(std::string_view instance_class) {
  constexpr std::array<std::string_view, 3> kBurstablePrefixes{"db.t2.", "db.t3.", "db.t4g."};
  for (const std::string_view prefix : kBurstablePrefixes) {
    if (instance_class.starts_with(prefix)) return true;
  }
  return false;
}

// The family token ("m6gd" in "db.m6gd.large") is letters, a generation number, then attribute letters;
// "d" among the attributes means instance-store NVMe, which is what the local-storage metrics describe.
bool has_local_nvme_storage(std::string_view instance_class) {
  if (!instance_class.starts_with(kClassPrefix)) return false;
  instance_class.remove_prefix(kClassPrefix.size());
  const std::string_view family = instance_class.substr(0, instance_class.find('.'));
  const auto generation = family.find_first_of(kDigits);
  if (generation == std::string_view::npos) return false;
  const auto attributes = family.find_first_not_of(kDigits, generation);
  if (attributes == std::string_view::npos) return false;
  return family.substr(attributes).find('d') != std::string_view::npos;
}

}  // namespace

unsigned instance_class_conditions(std::string_view instance_class) {
  unsigned conditions = instance_class == kServerlessClass ? catalog::kServerless : catalog::kProvisioned;
  if (is_burstable(instance_class)) conditions |= catalog::kBurstableClass;
  if (has_local_nvme_storage(instance_class)) conditions |= catalog::kLocalNvmeStorage;
  return conditions;
}

}  // namespace rds_exporter::discovery
