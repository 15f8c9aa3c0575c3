#include "sim/common/iso8601.h"
#include "sim/protocol/base64.h"
#include "sim/protocol/form_encoding.h"
#include "sim/protocol/query_parameters.h"

#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;
using Pairs = common::QueryParams;

TEST(SimFormEncoding, DecodesPlusAndPercentEscapes) {
  EXPECT_EQ(form_decode("a+b%20c%2Fd%3a"), "a b c/d:");
  EXPECT_EQ(form_decode("arn%3Aaws%3Ards%3Aeu-west-1%3A123456789012%3Adb%3Aorders"),
            "arn:aws:rds:eu-west-1:123456789012:db:orders");
}

TEST(SimFormEncoding, KeepsAPercentWithoutTwoHexDigits) {
  EXPECT_EQ(form_decode("100%"), "100%");
  EXPECT_EQ(form_decode("%zz%4"), "%zz%4");
}

TEST(SimFormEncoding, SplitsABodyIntoPairsInOrder) {
  EXPECT_EQ(parse_form("Action=DescribeDBInstances&Version=2014-10-31&&Marker=YQ%3D%3D&Flag"),
            (Pairs{{"Action", "DescribeDBInstances"}, {"Version", "2014-10-31"}, {"Marker", "YQ=="}, {"Flag", ""}}));
  EXPECT_TRUE(parse_form("").empty());
}

TEST(SimQueryParameters, FindsTheFirstValueCaseSensitively) {
  const QueryParameters params(Pairs{{"Action", "A"}, {"Action", "B"}});
  ASSERT_NE(params.find("Action"), nullptr);
  EXPECT_EQ(*params.find("Action"), "A");
  EXPECT_EQ(params.find("action"), nullptr);
}

TEST(SimQueryParameters, GroupsListItemsByIndex) {
  const QueryParameters params(Pairs{{"Filters.Filter.2.Name", "engine"},
                                     {"Filters.Filter.1.Name", "db-instance-id"},
                                     {"Filters.Filter.1.Values.Value.2", "b"},
                                     {"Filters.Filter.1.Values.Value.1", "a"},
                                     {"Filters.Filter.0.Name", "ignored: lists count from 1"},
                                     {"Filters.Filter.x.Name", "ignored: not an index"},
                                     {"FiltersX.Filter.1.Name", "ignored: another list"}});
  const auto items = params.list_items("Filters.Filter");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(*items.at(1).find("Name"), "db-instance-id");
  EXPECT_EQ(items.at(1).list_values("Values.Value"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*items.at(2).find("Name"), "engine");
}

TEST(SimBase64, RoundTripsEveryPaddingLength) {
  for (const std::string text : {"", "a", "ab", "abc", "abcd", "rds_sim/v1/after/orders-prod-1"}) {
    EXPECT_EQ(base64_decode(base64_encode(text)), text) << text;
  }
  EXPECT_EQ(base64_encode("\xfb\xff\xfe"), "+//+");
  EXPECT_EQ(base64_encode("ab"), "YWI=");
}

TEST(SimBase64, RejectsWhatIsNotCanonicalBase64) {
  for (const std::string text : {"YWI", "YW=I", "Y===", "YWJ=", "!!!!", "YWI=YWI="}) {
    EXPECT_EQ(base64_decode(text), std::nullopt) << text;
  }
}

TEST(SimIso8601, FormatsAndParsesUtcTimes) {
  const sys_seconds time = sys_days{year{2024} / 5 / 1} + hours{12} + minutes{6} + seconds{7};
  EXPECT_EQ(iso8601(time), "2024-05-01T12:06:07Z");
  EXPECT_EQ(iso8601_milliseconds(time), "2024-05-01T12:06:07.000Z");
  EXPECT_EQ(parse_iso8601("2024-05-01T12:06:07Z"), time);
  EXPECT_EQ(parse_iso8601("2024-05-01T12:06:07.112Z"), time);
}

TEST(SimIso8601, RejectsOtherFormsAndImpossibleDates) {
  for (const std::string text :
       {"2024-05-01", "2024-05-01T12:06:07", "2024-05-01T12:06:07+09:00", "2024-02-30T00:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T12:06:07.Z", "20240501T120607Z"}) {
    EXPECT_EQ(parse_iso8601(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace rds_exporter::sim
