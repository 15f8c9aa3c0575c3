#include "aws/credentials/unavailable_provider.h"

#include <utility>

namespace rds_exporter::aws {

UnavailableProvider::UnavailableProvider(std::string name, CredentialsProblem problem)
    : name_(std::move(name)), problem_(std::move(problem)) {}

}  // namespace rds_exporter::aws
