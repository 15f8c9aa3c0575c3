#pragma once

#include "sim/protocol/json_service.h"
#include "sim/protocol/operation_list.h"

#include <memory>
#include <string_view>

namespace rds_exporter::sim {

// A JsonService made of its names, a list of operations and the form of its replies, as Performance Insights and
// CloudWatch Logs are: a subclass adds its operations in its constructor.
class ListedJsonService : public JsonService {
 public:
  struct Names {
    std::string_view signing_name;
    std::string_view target_prefix;
    std::string_view api_version;
  };
  using ReplyForm = HttpReply (*)(OperationOutcome);

  ListedJsonService(Names names, ReplyForm reply_form) : names_(names), reply_form_(reply_form) {}

  std::string_view signing_name() const final { return names_.signing_name; }
  std::string_view target_prefix() const final { return names_.target_prefix; }
  std::string_view api_version() const final { return names_.api_version; }
  const JsonOperation* find_operation(std::string_view name) const final { return operations_.find(name); }
  HttpReply reply(OperationOutcome outcome) const final { return reply_form_(std::move(outcome)); }

 protected:
  void add(std::unique_ptr<JsonOperation> operation) { operations_.add(std::move(operation)); }

 private:
  Names names_;
  ReplyForm reply_form_;
  JsonOperationList operations_;
};

}  // namespace rds_exporter::sim
