#pragma once

#include "common/expected.h"

#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::inventory {

// The formula variables AWS documents for DB parameter values
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ParamValuesRef.html). A formula naming a variable
// left unset here is an error, not a zero.
struct FormulaVariables {
  double db_instance_class_memory = 0;                         // DBInstanceClassMemory, bytes
  std::optional<double> db_instance_vcpu;                      // DBInstanceVCPU
  std::optional<double> allocated_storage;                     // AllocatedStorage, bytes
  std::optional<double> end_point_port;                        // EndPointPort
  std::optional<double> true_if_replica;                       // TrueIfReplica, 1 or 0
  std::optional<double> db_instance_class_huge_pages_default;  // DBInstanceClassHugePagesDefault, 1 or 0
};

// The variables an instance class alone determines (DBInstanceClassMemory, approximated, and DBInstanceVCPU);
// nullopt for a class instance_class_memory.h does not know.
std::optional<FormulaVariables> formula_variables_for_instance_class(std::string_view instance_class);

// A parameter value as DescribeDBParameters returns it: a literal ("500", "0.9", "-1"), or an AWS formula
// ("{DBInstanceClassMemory/12582880}", "LEAST({DBInstanceClassMemory/9531392},5000)",
// "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})",
// SUM(...), IF(...), nested). Returns the value, or an error text naming what it does not understand (unknown
// function, unknown variable, malformed text, division by zero, a result out of range): never a guessed number.
// Never throws; nesting is bounded (the text comes from AWS over the network).
//
// Arithmetic, as AWS documents it and as its published max_connections tables show it (docs/max-connections.md):
// inside braces, `/` returns the truncated integer quotient and `*` multiplies truncated operands; a formula's
// value is an integer. log is log base 2 of its argument computed exactly, rounded to the nearest integer before
// it is multiplied: the Aurora MySQL table (db.r3.xlarge, 30.5 GiB: 2000; db.r5.12xlarge: 6000) holds only so.
// A Boolean expression ("{DBInstanceVCPU} > 2", quoted or not) is 1 or 0.
common::Expected<double, std::string> evaluate_parameter(std::string_view value, const FormulaVariables& variables);

}  // namespace rds_exporter::inventory
