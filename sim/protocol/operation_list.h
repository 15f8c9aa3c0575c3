#pragma once

#include "sim/protocol/json_service.h"
#include "sim/protocol/query_service.h"

#include <memory>
#include <string_view>
#include <vector>

namespace rds_exporter::sim {

// The operations of a Query service, found by their Action.
class OperationList {
 public:
  void add(std::unique_ptr<QueryOperation> operation) { operations_.push_back(std::move(operation)); }

  // nullptr when no operation has this Action.
  const QueryOperation* find(std::string_view action) const;

 private:
  std::vector<std::unique_ptr<QueryOperation>> operations_;
};

// The operations of an AWS JSON service, found by the name after the X-Amz-Target prefix.
class JsonOperationList {
 public:
  void add(std::unique_ptr<JsonOperation> operation) { operations_.push_back(std::move(operation)); }

  // nullptr when no operation has this name.
  const JsonOperation* find(std::string_view name) const;

 private:
  std::vector<std::unique_ptr<JsonOperation>> operations_;
};

}  // namespace rds_exporter::sim
