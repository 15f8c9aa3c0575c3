#include "sim/rds/shared_xml.h"

namespace rds_exporter::sim {

void write_tag_list(XmlWriter& xml, std::span<const Tag> tags) {
  if (tags.empty()) {
    xml.empty("TagList");
    return;
  }
  xml.open("TagList");
  for (const auto& tag : tags) {
    xml.open("Tag");
    xml.text("Key", tag.key);
    xml.text("Value", tag.value);
    xml.close("Tag");
  }
  xml.close("TagList");
}

void write_vpc_security_groups(XmlWriter& xml) {
  xml.open("VpcSecurityGroups");
  xml.open("VpcSecurityGroupMembership");
  xml.text("VpcSecurityGroupId", "sg-0123456789abcdef0");
  xml.text("Status", "active");
  xml.close("VpcSecurityGroupMembership");
  xml.close("VpcSecurityGroups");
}

}  // namespace rds_exporter::sim
