#include "sim/protocol/operation_list.h"

namespace rds_exporter::sim {

namespace {

template <typename Operation>
const Operation* find_named(const std::vector<std::unique_ptr<Operation>>& operations, std::string_view name) {
  for (const auto& operation : operations) {
    if (operation->name() == name) return operation.get();
  }
  return nullptr;
}

}  // namespace

const QueryOperation* OperationList::find(std::string_view action) const { return find_named(operations_, action); }

const JsonOperation* JsonOperationList::find(std::string_view name) const { return find_named(operations_, name); }

}  // namespace rds_exporter::sim
