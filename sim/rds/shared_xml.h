#pragma once

#include "sim/fleet/fleet.h"
#include "sim/protocol/xml_writer.h"

#include <span>

namespace rds_exporter::sim {

// Elements RDS writes the same way for instances and clusters.

// <TagList><Tag><Key/><Value/></Tag>...</TagList>, or <TagList/> for none.
void write_tag_list(XmlWriter& xml, std::span<const Tag> tags);

// The one VPC security group every simulated database sits in.
void write_vpc_security_groups(XmlWriter& xml);

}  // namespace rds_exporter::sim
