#pragma once

#include <string_view>

namespace rds_exporter::discovery {

// The catalog::Condition bits an RDS instance class implies by itself: kBurstableClass (db.t2/t3/t4g),
// kLocalNvmeStorage (a "d" after the generation: db.m6gd, db.r5d, db.x2iedn), and kServerless (db.serverless)
// or kProvisioned (every other class).
unsigned instance_class_conditions(std::string_view instance_class);

}  // namespace rds_exporter::discovery
