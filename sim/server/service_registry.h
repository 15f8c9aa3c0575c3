#pragma once

#include "sim/protocol/query_service.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim {

// The services the simulator serves on its one port, told apart as AWS's endpoints are: by the service
// name in a request's SigV4 credential scope.
class ServiceRegistry {
 public:
  // The first service added is the default (see for_action).
  void add(std::unique_ptr<QueryService> service);

  // nullptr when no service signs with `signing_name`.
  const QueryService* by_signing_name(std::string_view signing_name) const;

  // The service a request is for when its signature cannot say: the one with its Action, else the default.
  // Errors about the signature itself then come in that service's XML namespace, as its endpoint would send them.
  const QueryService& for_action(const std::string* action) const;

 private:
  std::vector<std::unique_ptr<QueryService>> services_;
};

}  // namespace rds_exporter::sim
