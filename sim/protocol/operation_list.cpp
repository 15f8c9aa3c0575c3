#include "sim/protocol/operation_list.h"

namespace rds_exporter::sim {

const QueryOperation* OperationList::find(std::string_view action) const {
  for (const auto& operation : operations_) {
    if (operation->name() == action) return operation.get();
  }
  return nullptr;
}

}  // namespace rds_exporter::sim
