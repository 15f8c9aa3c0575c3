#pragma once

#include "sim/fleet/fleet.h"
#include "sim/protocol/xml_writer.h"

namespace rds_exporter::sim {

// One <DBCluster> of a DescribeDBClusters response, members in the order of the RDS model's DBCluster shape.
void write_db_cluster(XmlWriter& xml, const DbCluster& cluster, const Fleet& fleet);

}  // namespace rds_exporter::sim
