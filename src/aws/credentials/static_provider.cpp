#include "aws/credentials/static_provider.h"

#include <utility>

namespace rds_exporter::aws {

StaticProvider::StaticProvider(Credentials credentials, std::string name)
    : credentials_(std::move(credentials)), name_(std::move(name)) {}

}  // namespace rds_exporter::aws
