#include "sim/protocol/query_parameters.h"

#include <charconv>

namespace rds_exporter::sim {

const std::string* QueryParameters::find(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::map<unsigned, QueryParameters> QueryParameters::list_items(std::string_view prefix) const {
  std::map<unsigned, common::QueryParams> items;
  for (const auto& [key, value] : entries_) {
    if (key.size() <= prefix.size() + 1 || !key.starts_with(prefix) || key[prefix.size()] != '.') continue;
    const std::string_view rest = std::string_view(key).substr(prefix.size() + 1);
    const std::size_t dot = rest.find('.');
    const std::string_view index_text = rest.substr(0, dot);
    unsigned index = 0;
    const auto [end, error] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
    if (error != std::errc{} || end != index_text.data() + index_text.size() || index == 0) continue;
    items[index].emplace_back(dot == std::string_view::npos ? "" : std::string(rest.substr(dot + 1)), value);
  }
  std::map<unsigned, QueryParameters> out;
  for (auto& [index, entries] : items) out.emplace(index, QueryParameters(std::move(entries)));
  return out;
}

std::vector<std::string> QueryParameters::list_values(std::string_view prefix) const {
  std::vector<std::string> values;
  for (const auto& [index, item] : list_items(prefix)) {
    if (const std::string* value = item.find("")) values.push_back(*value);
  }
  return values;
}

}  // namespace rds_exporter::sim
