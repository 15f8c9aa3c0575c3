#include "discovery/tag_filter.h"

#include <gtest/gtest.h>

namespace rds_exporter::discovery {
namespace {

// A braced list would also fit TagFilter's copy constructor.
TagFilter filter_of(std::vector<TagCondition> conditions) { return TagFilter(std::move(conditions)); }

const aws::Tags kOrdersTags{{"env", "prd"}, {"team", "payments"}, {"owner", "alice"}};

TEST(TagFilter, MatchesATagWithTheGivenValue) {
  EXPECT_TRUE(filter_of({{"env", {"prd"}}}).matches(kOrdersTags));
  EXPECT_FALSE(filter_of({{"env", {"dev"}}}).matches(kOrdersTags));
}

TEST(TagFilter, DoesNotMatchWhenTheKeyIsMissing) {
  EXPECT_FALSE(filter_of({{"cost-center", {}}}).matches(kOrdersTags));
  EXPECT_FALSE(filter_of({{"env", {"prd"}}}).matches({}));
}

// AWS compares tags case-sensitively; so does the filter.
TEST(TagFilter, ComparesKeysAndValuesExactly) {
  EXPECT_FALSE(filter_of({{"Env", {"prd"}}}).matches(kOrdersTags));
  EXPECT_FALSE(filter_of({{"env", {"PRD"}}}).matches(kOrdersTags));
  EXPECT_FALSE(filter_of({{"env", {"pr"}}}).matches(kOrdersTags));
}

TEST(TagFilter, RequiresEveryCondition) {
  EXPECT_TRUE(filter_of({{"env", {"prd"}}, {"team", {"payments"}}}).matches(kOrdersTags));
  EXPECT_FALSE(filter_of({{"env", {"prd"}}, {"team", {"billing"}}}).matches(kOrdersTags));
}

TEST(TagFilter, AcceptsAnyOfSeveralValues) {
  const TagFilter filter = filter_of({{"team", {"billing", "payments"}}});
  EXPECT_TRUE(filter.matches(kOrdersTags));
  EXPECT_TRUE(filter.matches({{"team", "billing"}}));
  EXPECT_FALSE(filter.matches({{"team", "search"}}));
}

TEST(TagFilter, AcceptsAnyValueWhenNoneIsGiven) {
  const TagFilter filter = filter_of({{"owner", {}}});
  EXPECT_TRUE(filter.matches(kOrdersTags));
  EXPECT_TRUE(filter.matches({{"owner", ""}}));
  EXPECT_FALSE(filter.matches({{"env", "prd"}}));
}

TEST(TagFilter, WithoutConditionsSelectsEverything) {
  const TagFilter filter = filter_of({});
  EXPECT_TRUE(filter.selects_everything());
  EXPECT_TRUE(filter.matches({}));
  EXPECT_TRUE(filter.matches(kOrdersTags));
  EXPECT_FALSE(filter_of({{"env", {"prd"}}}).selects_everything());
}

TEST(TagFilter, DescribesItselfForLogs) {
  EXPECT_EQ(filter_of({{"env", {"prd"}}, {"team", {"payments", "billing"}}, {"owner", {}}}).describe(),
            "env=prd, team=payments|billing, owner=*");
  EXPECT_EQ(filter_of({}).describe(), "every instance");
}

}  // namespace
}  // namespace rds_exporter::discovery
