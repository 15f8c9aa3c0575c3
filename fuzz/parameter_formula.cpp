// A DB parameter value as DescribeDBParameters returns it ("LEAST({DBInstanceClassMemory/9531392},5000)"),
// evaluated with every formula variable set: a value or an error text, never a crash, a hang or deep recursion.
#include "fuzz_input.h"
#include "inventory/parameter_formula.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rds_exporter::inventory;
  static const FormulaVariables variables{.db_instance_class_memory = 16'605'200'000,
                                          .db_instance_vcpu = 2,
                                          .allocated_storage = 107'374'182'400,
                                          .end_point_port = 5432,
                                          .true_if_replica = 0,
                                          .db_instance_class_huge_pages_default = 1};
  (void)evaluate_parameter(rds_exporter::fuzz::text_of(data, size), variables);
  return 0;
}
