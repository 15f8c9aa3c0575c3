#include "sim/faults/fleet_store.h"

#include "sim/fleet/fleet_loader.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rds_exporter::sim {
namespace {

std::shared_ptr<const Fleet> one_instance_fleet() {
  auto loaded =
      parse_fleet("instances: [{id: first, engine: postgres, class: db.t3.micro}]\n", "store.yaml", "ap-northeast-2");
  return std::make_shared<const Fleet>(std::get<Fleet>(std::move(loaded)));
}

std::string entry(int n) {
  return R"({"id": "added-)" + std::to_string(n) + R"(", "engine": "mysql", "class": "db.t3.micro"})";
}

TEST(SimFleetStore, PublishesAChangeAndKeepsTheOldFleetForItsReaders) {
  FleetStore store(one_instance_fleet());
  const auto before = store.current();
  EXPECT_EQ(store.apply([](const Fleet& fleet) { return add_instance(fleet, entry(1)); }), std::nullopt);
  EXPECT_EQ(before->instances().size(), 1u);
  EXPECT_NE(store.current()->find_instance("added-1"), nullptr);
}

TEST(SimFleetStore, AFailedChangeLeavesTheFleetAsItWas) {
  FleetStore store(one_instance_fleet());
  const auto before = store.current();
  const auto error = store.apply([](const Fleet& fleet) { return remove_instance(fleet, "nope"); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, FleetChangeFailure::kNotFound);
  EXPECT_EQ(store.current(), before);
}

TEST(SimFleetStore, ConcurrentChangesAreNotLost) {
  FleetStore store(one_instance_fleet());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 5; ++i) {
        const int n = t * 5 + i;
        EXPECT_EQ(store.apply([n](const Fleet& fleet) { return add_instance(fleet, entry(n)); }), std::nullopt);
        EXPECT_NE(store.current()->find_instance("first"), nullptr);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(store.current()->instances().size(), 21u);
}

}  // namespace
}  // namespace rds_exporter::sim
