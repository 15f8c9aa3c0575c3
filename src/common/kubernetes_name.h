#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace rds_exporter::common {

// A Kubernetes name (RFC 1123, https://kubernetes.io/docs/concepts/overview/working-with-objects/names/): lower-case
// letters, digits and '-', and '.' when `dots` (a DNS subdomain, e.g. a Lease's name; without, a DNS label such as a
// namespace), beginning and ending with a letter or digit, at most `longest` characters.
inline bool is_kubernetes_name(std::string_view name, std::size_t longest, bool dots) {
  const auto alphanumeric = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.empty() || name.size() > longest || !alphanumeric(name.front()) || !alphanumeric(name.back())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alphanumeric(c) || c == '-' || (dots && c == '.'); });
}

}  // namespace rds_exporter::common
