#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rds_exporter::inventory {

// Memory of an RDS DB instance class ("db.r6g.large") in bytes, from AWS's published hardware specifications;
// nullopt for a class the table lacks (db.serverless included: its memory follows its ACUs). The table and its
// sources are described in docs/max-connections.md.
std::optional<std::int64_t> instance_class_memory_bytes(std::string_view instance_class);

// vCPUs of the same class, from the same table (what the DBInstanceVCPU formula variable counts, for classes
// whose processor features were left at their defaults); nullopt when the class is unknown.
std::optional<int> instance_class_vcpus(std::string_view instance_class);

// DBInstanceClassMemory as the parameter formulas see it: the class's memory minus what the OS and RDS processes
// reserve. No API returns it; this is an approximation fitted to max_connections values measured on RDS for MySQL
// and RDS for PostgreSQL instances from 1 to 30.5 GiB (docs/max-connections.md): 236 MiB plus 1/56 of the class's
// memory, within 4 connections of every measured value. Aurora reserves more (AWS's Aurora PostgreSQL table implies
// about 730 MiB on a 16 GiB class, where this reserves 529 MiB). nullopt when the class is unknown.
std::optional<double> db_instance_class_memory(std::string_view instance_class);

// The reserve db_instance_class_memory subtracts from a class of `total_bytes`.
std::int64_t reserved_memory_bytes(std::int64_t total_bytes);

}  // namespace rds_exporter::inventory
