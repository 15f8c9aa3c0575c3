#include "sim/rds/list_tags_for_resource.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using testing::document_of;
using testing::element_texts;
using ::testing::ElementsAre;
using testing::error_of;

OperationOutcome list_tags(const std::string& resource_name) {
  const QueryParameters query = testing::params({{"ResourceName", resource_name}});
  return ListTagsForResource().invoke({query, testing::small_fleet(), "request-3"});
}

TEST(SimListTagsForResource, ListsTheTagsOfAnInstance) {
  const std::string document = document_of(list_tags("arn:aws:rds:ap-northeast-2:123456789012:db:payments-db"));
  EXPECT_THAT(element_texts(document, "Key"), ElementsAre("env", "team"));
  EXPECT_THAT(element_texts(document, "Value"), ElementsAre("prd", "payments"));
  EXPECT_TRUE(
      document.starts_with("<ListTagsForResourceResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">\n"
                           "  <ListTagsForResourceResult>\n"
                           "    <TagList>\n"));
}

TEST(SimListTagsForResource, ListsTheTagsOfAClusterAndNoneAsAnEmptyList) {
  EXPECT_THAT(
      element_texts(document_of(list_tags("arn:aws:rds:ap-northeast-2:123456789012:cluster:orders-aurora")), "Value"),
      ElementsAre("prd", "orders"));
  EXPECT_NE(document_of(list_tags("arn:aws:rds:ap-northeast-2:123456789012:db:search-mariadb")).find("<TagList/>"),
            std::string::npos);
}

TEST(SimListTagsForResource, AnswersNotFoundForAnUnknownInstanceOrCluster) {
  EXPECT_EQ(error_of(list_tags("arn:aws:rds:ap-northeast-2:123456789012:db:ghost")),
            (ApiError{404, "DBInstanceNotFound", "DBInstance ghost not found."}));
  EXPECT_EQ(error_of(list_tags("arn:aws:rds:ap-northeast-2:123456789012:cluster:ghost")).code,
            "DBClusterNotFoundFault");
}

TEST(SimListTagsForResource, RejectsWhatIsNotAnRdsResourceOfThisRegion) {
  for (const std::string name : {"payments-db", "arn:aws:rds:us-east-1:123456789012:db:payments-db",
                                 "arn:aws:rds:ap-northeast-2:999999999999:db:payments-db",
                                 "arn:aws:rds:ap-northeast-2:123456789012:snapshot:s1"}) {
    EXPECT_EQ(error_of(list_tags(name)),
              (ApiError{400, "InvalidParameterValue",
                        "The specified resource name does not match an RDS resource in this region."}))
        << name;
  }
  const QueryParameters none;
  EXPECT_EQ(error_of(ListTagsForResource().invoke({none, testing::small_fleet(), "id"})),
            (ApiError{400, "MissingParameter", "The request must contain the parameter ResourceName"}));
}

}  // namespace
}  // namespace rds_exporter::sim
