#include "catalog/engine_family.h"

#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::catalog {
namespace {

struct EngineCase {
  std::string engine;
  EngineFamily family;
};

class EngineFamilyTest : public ::testing::TestWithParam<EngineCase> {};

TEST_P(EngineFamilyTest, MapsTheEngineNameDescribeDBInstancesReports) {
  EXPECT_EQ(engine_family(GetParam().engine), GetParam().family);
}

INSTANTIATE_TEST_SUITE_P(
    EveryRdsEngine, EngineFamilyTest,
    ::testing::Values(
        EngineCase{"mysql", EngineFamily::mysql}, EngineCase{"mariadb", EngineFamily::mariadb},
        EngineCase{"postgres", EngineFamily::postgres}, EngineCase{"aurora-mysql", EngineFamily::aurora_mysql},
        EngineCase{"aurora", EngineFamily::aurora_mysql},
        EngineCase{"aurora-postgresql", EngineFamily::aurora_postgres}, EngineCase{"oracle-ee", EngineFamily::oracle},
        EngineCase{"oracle-se2", EngineFamily::oracle}, EngineCase{"oracle-ee-cdb", EngineFamily::oracle},
        EngineCase{"oracle-se2-cdb", EngineFamily::oracle}, EngineCase{"oracle-se", EngineFamily::oracle},
        EngineCase{"oracle-se1", EngineFamily::oracle}, EngineCase{"custom-oracle-ee", EngineFamily::oracle},
        EngineCase{"custom-oracle-ee-cdb", EngineFamily::oracle}, EngineCase{"custom-oracle-se2", EngineFamily::oracle},
        EngineCase{"sqlserver-ee", EngineFamily::sqlserver}, EngineCase{"sqlserver-se", EngineFamily::sqlserver},
        EngineCase{"sqlserver-ex", EngineFamily::sqlserver}, EngineCase{"sqlserver-web", EngineFamily::sqlserver},
        EngineCase{"custom-sqlserver-ee", EngineFamily::sqlserver},
        EngineCase{"custom-sqlserver-se", EngineFamily::sqlserver},
        EngineCase{"custom-sqlserver-web", EngineFamily::sqlserver},
        EngineCase{"custom-sqlserver-dev", EngineFamily::sqlserver}, EngineCase{"db2-se", EngineFamily::db2},
        EngineCase{"db2-ae", EngineFamily::db2}),
    [](const ::testing::TestParamInfo<EngineCase>& info) {
      std::string name = info.param.engine;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

TEST(EngineFamily, NeptuneAndDocumentDbAreNotRdsMetricSources) {
  EXPECT_EQ(engine_family("neptune"), std::nullopt);
  EXPECT_EQ(engine_family("docdb"), std::nullopt);
}

TEST(EngineFamily, UnknownEnginesAreNotGuessed) {
  EXPECT_EQ(engine_family(""), std::nullopt);
  EXPECT_EQ(engine_family("cassandra"), std::nullopt);
  EXPECT_EQ(engine_family("oracle-"), std::nullopt);
  EXPECT_EQ(engine_family("Postgres"), std::nullopt);
  EXPECT_EQ(engine_family("mysql8"), std::nullopt);
}

TEST(EngineFamily, OnlyTheAuroraFamiliesAreAurora) {
  EXPECT_TRUE(is_aurora(EngineFamily::aurora_mysql));
  EXPECT_TRUE(is_aurora(EngineFamily::aurora_postgres));
  for (EngineFamily family : {EngineFamily::mysql, EngineFamily::mariadb, EngineFamily::postgres, EngineFamily::oracle,
                              EngineFamily::sqlserver, EngineFamily::db2}) {
    EXPECT_FALSE(is_aurora(family)) << family_name(family);
  }
}

TEST(EngineFamily, CanonicalNamesMapBackToTheirFamily) {
  for (EngineFamily family : {EngineFamily::mysql, EngineFamily::mariadb, EngineFamily::postgres,
                              EngineFamily::aurora_mysql, EngineFamily::aurora_postgres}) {
    EXPECT_EQ(engine_family(family_name(family)), family) << family_name(family);
  }
  EXPECT_EQ(family_name(EngineFamily::oracle), "oracle");
  EXPECT_EQ(family_name(EngineFamily::sqlserver), "sqlserver");
  EXPECT_EQ(family_name(EngineFamily::db2), "db2");
  EXPECT_EQ(family_name(EngineFamily::aurora_postgres), "aurora-postgresql");
}

}  // namespace
}  // namespace rds_exporter::catalog
