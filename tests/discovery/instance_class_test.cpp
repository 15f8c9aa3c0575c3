#include "discovery/instance_class.h"

#include "catalog/metric_catalog.h"

#include <gtest/gtest.h>

namespace rds_exporter::discovery {
namespace {

using catalog::kBurstableClass;
using catalog::kLocalNvmeStorage;
using catalog::kProvisioned;
using catalog::kServerless;

TEST(InstanceClassConditions, BurstableClassesEarnCpuCredits) {
  EXPECT_EQ(instance_class_conditions("db.t3.micro"), kBurstableClass | kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.t2.small"), kBurstableClass | kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.t4g.medium"), kBurstableClass | kProvisioned);
}

TEST(InstanceClassConditions, ADAfterTheGenerationMeansLocalNvmeStorage) {
  EXPECT_EQ(instance_class_conditions("db.m6gd.large"), kLocalNvmeStorage | kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.r5d.xlarge"), kLocalNvmeStorage | kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.x2iedn.xlarge"), kLocalNvmeStorage | kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.r6idn.2xlarge"), kLocalNvmeStorage | kProvisioned);
}

TEST(InstanceClassConditions, OrdinaryClassesAreJustProvisioned) {
  EXPECT_EQ(instance_class_conditions("db.r6g.large"), kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.m5.large"), kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.r5b.large"), kProvisioned);
  EXPECT_EQ(instance_class_conditions("db.x2g.large"), kProvisioned);
  // An Oracle class with optimized CPUs: the suffix after the size is not the family.
  EXPECT_EQ(instance_class_conditions("db.r5.large.tpc2.mem4x"), kProvisioned);
}

TEST(InstanceClassConditions, ServerlessV2IsNotProvisioned) {
  EXPECT_EQ(instance_class_conditions("db.serverless"), kServerless);
}

}  // namespace
}  // namespace rds_exporter::discovery
