#pragma once

#include "sim/fleet/fleet.h"
#include "sim/protocol/xml_writer.h"

namespace rds_exporter::sim {

// One <DBInstance> of a DescribeDBInstances response, its members in the order of the RDS model's DBInstance
// shape (which is the order RDS writes them in), optional members only when they apply.
void write_db_instance(XmlWriter& xml, const DbInstance& instance, const Fleet& fleet);

}  // namespace rds_exporter::sim
