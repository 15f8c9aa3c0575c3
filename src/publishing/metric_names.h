#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::publishing {

// The seed's names: "rds_" + the CloudWatch metric name lowercased ("CPUUtilization" → "rds_cpuutilization"),
// "%" spelled "_percent" ("EBSByteBalance%" → "rds_ebsbytebalance_percent") and any other character Prometheus
// forbids in a name replaced by "_".
std::string prometheus_metric_name(std::string_view cloudwatch_name);

// A tag key as a label name: "tag_" + the key with every character outside [a-zA-Z0-9_] replaced by "_"
// ("aws:cloudformation:stack-name" → "tag_aws_cloudformation_stack_name").
std::string tag_label_name(std::string_view tag_key);

}  // namespace rds_exporter::publishing
