#include "coordination/lease_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::coordination {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::chrono::system_clock::time_point utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  return std::chrono::sys_days{std::chrono::year{year} / month / day} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second};
}

LeaseRecord held_lease() {
  LeaseRecord lease;
  lease.name = "rds-exporter-scope-123456789012-eu-west-1";
  lease.resource_version = "4711";
  lease.holder_identity = "rds-exporter-7d9f-abcde";
  lease.lease_duration_seconds = 15;
  lease.acquire_time = utc(2026, 12, 6, 19, 50, 0) + 123456us;
  lease.renew_time = utc(2026, 12, 6, 19, 50, 12) + 1us;
  lease.lease_transitions = 3;
  return lease;
}

TEST(LeaseToJson, WritesTheLeaseAsTheApiServerTakesIt) {
  EXPECT_EQ(lease_to_json(held_lease(), "monitoring"),
            R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"rds-exporter-scope-)"
            R"(123456789012-eu-west-1","namespace":"monitoring","resourceVersion":"4711"},"spec":{"holderIdentity":)"
            R"("rds-exporter-7d9f-abcde","leaseDurationSeconds":15,"acquireTime":"2026-12-06T19:50:00.123456Z",)"
            R"("renewTime":"2026-12-06T19:50:12.000001Z","leaseTransitions":3}})");
}

TEST(LeaseToJson, LeavesOutWhatANewLeaseDoesNotHave) {
  LeaseRecord lease;
  lease.name = "fresh";
  EXPECT_EQ(lease_to_json(lease, "default"),
            R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"fresh","namespace":)"
            R"("default"},"spec":{"holderIdentity":"","leaseTransitions":0}})");
}

TEST(LeaseFromJson, ReadsBackWhatItWrote) {
  const auto lease = lease_from_json(lease_to_json(held_lease(), "monitoring"));
  ASSERT_TRUE(lease) << lease.error();
  EXPECT_EQ(*lease, held_lease());
}

TEST(LeaseFromJson, ReadsTheApiServersAnswer) {
  // As kube-apiserver answers a GET: managedFields, uid and other fields the coordinator does not use.
  const auto lease = lease_from_json(R"({
    "kind": "Lease", "apiVersion": "coordination.k8s.io/v1",
    "metadata": {"name": "kube-scheduler", "namespace": "kube-system", "uid": "8e5c",
                 "resourceVersion": "180215", "creationTimestamp": "2026-12-01T08:00:00Z",
                 "managedFields": [{"manager": "kube-scheduler", "operation": "Update"}]},
    "spec": {"holderIdentity": "node-1_0b1c", "leaseDurationSeconds": 15,
             "acquireTime": "2026-12-01T08:00:01.000000Z", "renewTime": "2026-12-06T19:50:00.123456+01:00",
             "leaseTransitions": 2}})");
  ASSERT_TRUE(lease) << lease.error();
  EXPECT_EQ(lease->name, "kube-scheduler");
  EXPECT_EQ(lease->resource_version, "180215");
  EXPECT_EQ(lease->holder_identity, "node-1_0b1c");
  EXPECT_EQ(lease->lease_duration_seconds, 15);
  EXPECT_EQ(lease->acquire_time, utc(2026, 12, 1, 8, 0, 1));
  EXPECT_EQ(lease->renew_time, utc(2026, 12, 6, 18, 50, 0) + 123456us);
  EXPECT_EQ(lease->lease_transitions, 2);
}

TEST(LeaseFromJson, AbsentAndNullOptionalFieldsKeepTheirDefaults) {
  for (const char* json :
       {R"({"metadata":{"name":"released"}})", R"({"metadata":{"name":"released"},"spec":{}})",
        R"({"metadata":{"name":"released","resourceVersion":null},"spec":{"holderIdentity":null,)"
        R"("leaseDurationSeconds":null,"acquireTime":null,"renewTime":null,"leaseTransitions":null}})"}) {
    const auto lease = lease_from_json(json);
    ASSERT_TRUE(lease) << json << ": " << lease.error();
    LeaseRecord expected;
    expected.name = "released";
    EXPECT_EQ(*lease, expected) << json;
  }
}

TEST(LeaseFromJson, RefusesWrongTypesNamingTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"metadata":{"name":"a"},"spec":{"leaseDurationSeconds":"15"}})", "spec.leaseDurationSeconds"},
      {R"({"metadata":{"name":"a"},"spec":{"leaseDurationSeconds":1.5}})", "spec.leaseDurationSeconds"},
      {R"({"metadata":{"name":"a"},"spec":{"leaseTransitions":4294967296}})", "spec.leaseTransitions"},
      {R"({"metadata":{"name":"a"},"spec":{"leaseTransitions":-2147483649}})", "spec.leaseTransitions"},
      {R"({"metadata":{"name":"a"},"spec":{"holderIdentity":7}})", "spec.holderIdentity"},
      {R"({"metadata":{"name":"a"},"spec":{"renewTime":"yesterday"}})", "spec.renewTime"},
      {R"({"metadata":{"name":"a"},"spec":{"acquireTime":1765050600}})", "spec.acquireTime"},
      {R"({"metadata":{"name":"a"},"spec":[]})", "spec"},
      {R"({"metadata":{"name":"a","resourceVersion":12}})", "metadata.resourceVersion"},
      {R"({"metadata":{"name":""}})", "missing member name"},
      {R"({"metadata":"a"})", "metadata: expected an object"},
      {R"({"spec":{}})", "missing member metadata"},
      {R"({"kind":"Status","metadata":{"name":"a"}})", "kind: expected Lease"},
      {R"([])", "expected an object"},
      {R"({"metadata":{"name":"a"})", "not valid JSON"},
      {"", "not valid JSON"},
  };
  for (const auto& [json, field] : cases) {
    const auto lease = lease_from_json(json);
    ASSERT_FALSE(lease) << json;
    EXPECT_THAT(lease.error(), HasSubstr(field)) << json;
    EXPECT_THAT(lease.error(), HasSubstr("not a Lease")) << json;
  }
}

TEST(LeaseFromJson, TakesTheExtremesOfInt) {
  const auto lease = lease_from_json(
      R"({"metadata":{"name":"a"},"spec":{"leaseDurationSeconds":2147483647,"leaseTransitions":-2147483648}})");
  ASSERT_TRUE(lease) << lease.error();
  EXPECT_EQ(lease->lease_duration_seconds, 2147483647);
  EXPECT_EQ(lease->lease_transitions, -2147483647 - 1);
}

TEST(LeaseListFromJson, ReadsEveryItem) {
  const auto leases = lease_list_from_json(R"({"kind":"LeaseList","apiVersion":"coordination.k8s.io/v1",
    "metadata":{"resourceVersion":"99"},
    "items":[{"metadata":{"name":"one","resourceVersion":"5"},"spec":{"holderIdentity":"a"}},
             {"metadata":{"name":"two","resourceVersion":"6"}}]})");
  ASSERT_TRUE(leases) << leases.error();
  ASSERT_EQ(leases->size(), 2U);
  EXPECT_EQ((*leases)[0].name, "one");
  EXPECT_EQ((*leases)[0].holder_identity, "a");
  EXPECT_EQ((*leases)[1].resource_version, "6");
}

TEST(LeaseListFromJson, AnEmptyListHasNoItems) {
  for (const char* json :
       {R"({"kind":"LeaseList","items":[]})", R"({"kind":"LeaseList","items":null})", R"({"kind":"LeaseList"})"}) {
    const auto leases = lease_list_from_json(json);
    ASSERT_TRUE(leases) << json << ": " << leases.error();
    EXPECT_TRUE(leases->empty()) << json;
  }
}

TEST(LeaseListFromJson, NamesTheItemThatIsNotALease) {
  const auto leases = lease_list_from_json(R"({"items":[{"metadata":{"name":"one"}},{"metadata":{}}]})");
  ASSERT_FALSE(leases);
  EXPECT_THAT(leases.error(), HasSubstr("items[1].metadata: missing member name"));

  for (const char* json : {R"({"items":{}})", R"({"kind":"Lease","items":[]})", "[]", "{"}) {
    EXPECT_FALSE(lease_list_from_json(json)) << json;
  }
}

}  // namespace
}  // namespace rds_exporter::coordination
