#include "sim/fleet/instance_defaults.h"

#include "sim/common/iso8601.h"

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

constexpr std::string_view kCertificateAuthorities[] = {"rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1",
                                                        "rds-ca-2019"};

// The renewals counted from here on, so a fleet's dates lie ahead of the time this simulator was written.
constexpr sys_days kRenewalsAfter = year{2026} / 7 / 1;

}  // namespace

std::span<const std::string_view> certificate_authorities() { return kCertificateAuthorities; }

sys_seconds default_certificate_valid_till(std::string_view ca, sys_seconds create_time) {
  if (ca == "rds-ca-2019") return *parse_iso8601("2024-08-22T17:08:50Z");
  const auto created_day = floor<days>(create_time);
  const year_month_day created{created_day};
  year renewal_year = year_month_day{kRenewalsAfter}.year();
  // February 29th renews on March 1st in other years, as sys_days normalises it.
  auto renewal = sys_days{renewal_year / created.month() / created.day()};
  if (renewal < kRenewalsAfter) renewal = sys_days{(renewal_year + years{1}) / created.month() / created.day()};
  return renewal + (create_time - created_day);
}

void apply_gp3_baseline(DbInstance& instance) {
  const bool large = instance.allocated_storage >= 400;
  if (!instance.iops) instance.iops = large ? 12000 : 3000;
  if (!instance.storage_throughput) instance.storage_throughput = large ? 500 : 125;
}

}  // namespace rds_exporter::sim
