#include "aws/protocol/query_protocol.h"
#include "aws/protocol/xml_reader.h"
#include "common/time_text.h"

#include "../reference_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::reference_document;

XmlDocument parse(std::string_view text) {
  auto document = XmlDocument::parse(text);
  if (!document) throw std::runtime_error(document.error());
  return std::move(document).value();
}

std::string error_of(std::string_view text) {
  auto document = XmlDocument::parse(text);
  return document ? "parsed" : document.error();
}

TEST(XmlDocument, IgnoresNamespacesAndPrefixes) {
  const auto document = parse(
      "<a:Outer xmlns:a=\"urn:a\" xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><a:Inner>x</a:Inner>"
      "<Plain>y</Plain></a:Outer>");
  const XmlElement root = document.root();
  EXPECT_EQ(root.name(), "Outer");
  EXPECT_EQ(root.optional_text("Inner"), "x");
  EXPECT_EQ(root.optional_text("Plain"), "y");
}

TEST(XmlDocument, DecodesEntitiesAndCdataAndKeepsSpaces) {
  const auto document = parse(
      "<Tag><Key>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;</Key><Value> </Value>"
      "<Note><![CDATA[<raw> & text]]></Note></Tag>");
  const XmlElement tag = document.root();
  EXPECT_EQ(tag.optional_text("Key"), "a & b <c> \"d\" 'e' \xc3\xa9");
  EXPECT_EQ(tag.optional_text("Value"), " ");
  EXPECT_EQ(tag.optional_text("Note"), "<raw> & text");
}

// docs/aws-wire-formats.md#getmetricdata-answer: a Query answer with member lists, timestamps and an empty list.
TEST(XmlDocument, IteratesMemberListsOfTheGetMetricDataAnswer) {
  const auto document = parse(reference_document("get_metric_data.xml"));
  const XmlElement result = document.root().required_child("GetMetricDataResult");
  const auto results = result.list("MetricDataResults", "member");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].required_text("Id"), "cpu");
  const auto timestamps = results[0].list("Timestamps", "member");
  ASSERT_EQ(timestamps.size(), 2u);
  EXPECT_EQ(common::format_iso8601(timestamps[1].to_timestamp()), "2024-05-01T12:01:00Z");
  EXPECT_EQ(results[0].list("Messages", "member").size(), 0u);
  EXPECT_EQ(results[1].list("Timestamps", "member").size(), 0u);
  const auto messages = results[1].list("Messages", "member");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].path(),
            "GetMetricDataResponse/GetMetricDataResult/MetricDataResults/member[2]/Messages/member[1]");
  EXPECT_EQ(result.optional_text("NextToken"), "opaque-token-1");
  EXPECT_EQ(result.list("Absent", "member").size(), 0u);
}

TEST(XmlDocument, ReportsWhereTruncatedXmlEnds) {
  const std::string full = reference_document("get_metric_data.xml");
  const std::string half = full.substr(0, full.size() / 2);
  EXPECT_THAT(error_of(half), HasSubstr("not well-formed XML"));
  EXPECT_THAT(error_of(half), HasSubstr("of " + std::to_string(half.size())));
}

TEST(XmlDocument, RejectsWhatIsNotOneXmlDocument) {
  EXPECT_EQ(error_of(""), "not XML: no root element");
  EXPECT_EQ(error_of("{\"MetricDataResults\":[]}"), "not XML: text or elements outside the root element");
  EXPECT_EQ(error_of("<A/>}}}"), "not XML: text or elements outside the root element");
  EXPECT_EQ(error_of("<A/><B/>"), "not XML: text or elements outside the root element");
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n<A/>\n"), "parsed");
}

TEST(XmlDocument, NeverQuotesTheTextItCannotParse) {
  EXPECT_THAT(error_of("<Credentials><SecretAccessKey>wJalrXUtnFEMI/K7MDENG"), Not(HasSubstr("wJalrXUtnFEMI")));
}

TEST(XmlElement, NamesThePathOfAMissingRequiredElement) {
  const auto document = parse("<R><Items><Item><Other/></Item><Item><Other/></Item></Items></R>");
  const auto items = document.root().list("Items", "Item");
  try {
    items[1].required_text("Id");
    FAIL() << "no exception";
  } catch (const MalformedResponseError& error) {
    EXPECT_STREQ(error.what(), "R/Items/Item[2]: missing element Id");
  }
  EXPECT_THROW(document.root().required_child("Absent"), MalformedResponseError);
}

TEST(XmlElement, TreatsAnEmptyRequiredElementAsMissing) {
  const auto document = parse("<R><Id/></R>");
  EXPECT_THROW(document.root().required_text("Id"), MalformedResponseError);
  EXPECT_EQ(document.root().optional_text("Id"), "");
}

TEST(XmlElement, ReadsBooleansAndIntegersStrictly) {
  const auto document = parse(
      "<R><Yes>true</Yes><No>false</No><N>-12</N><Upper>True</Upper><Big>99999999999999999999</Big>"
      "<Frac>1.5</Frac></R>");
  const XmlElement root = document.root();
  EXPECT_EQ(root.optional_bool("Yes"), true);
  EXPECT_EQ(root.optional_bool("No"), false);
  EXPECT_EQ(root.optional_bool("Absent"), std::nullopt);
  EXPECT_EQ(root.optional_integer("N"), -12);
  EXPECT_THROW(root.optional_bool("Upper"), MalformedResponseError);
  EXPECT_THROW(root.optional_integer("Big"), MalformedResponseError);
  EXPECT_THROW(root.optional_integer("Frac"), MalformedResponseError);
  try {
    root.optional_bool("Upper");
  } catch (const MalformedResponseError& error) {
    EXPECT_STREQ(error.what(), "R/Upper: expected true or false, got 'True'");
  }
}

TEST(XmlElement, ReadsFiniteDecimalNumbersStrictly) {
  const auto document = parse(
      "<R><Half>0.5</Half><Whole>16</Whole><Exp>1.5E2</Exp><Neg>-2.25</Neg><NaN>NaN</NaN><Inf>inf</Inf>"
      "<Huge>1e999</Huge><Spaced> 1</Spaced><Empty/><Word>half</Word></R>");
  const XmlElement root = document.root();
  EXPECT_EQ(root.optional_double("Half"), 0.5);
  EXPECT_EQ(root.optional_double("Whole"), 16.0);
  EXPECT_EQ(root.optional_double("Exp"), 150.0);
  EXPECT_EQ(root.optional_double("Neg"), -2.25);
  EXPECT_EQ(root.optional_double("Absent"), std::nullopt);
  for (const char* name : {"NaN", "Inf", "Huge", "Spaced", "Empty", "Word"}) {
    EXPECT_THROW(root.optional_double(name), MalformedResponseError) << name;
  }
  try {
    root.optional_double("Word");
  } catch (const MalformedResponseError& error) {
    EXPECT_STREQ(error.what(), "R/Word: expected a number, got 'half'");
  }
}

TEST(XmlElement, ChecksATimeButKeepsItsText) {
  const auto document =
      parse("<R><At>2025-02-14T09:18:43.5+01:00</At><Day>2025-02-30T00:00:00Z</Day><Epoch>1739524723</Epoch></R>");
  const XmlElement root = document.root();
  EXPECT_EQ(root.optional_timestamp_text("At"), "2025-02-14T09:18:43.5+01:00");
  EXPECT_EQ(root.optional_timestamp_text("Absent"), std::nullopt);
  EXPECT_THROW(root.optional_timestamp_text("Day"), MalformedResponseError);
  EXPECT_THROW(root.optional_timestamp_text("Epoch"), MalformedResponseError);
}

TEST(XmlElement, TellsWhetherAnElementHasChildElements) {
  const auto document = parse("<R><Empty/><Spaces>\n  </Spaces><Text>x</Text><One><A/></One></R>");
  const XmlElement root = document.root();
  EXPECT_FALSE(root.required_child("Empty").has_child_elements());
  EXPECT_FALSE(root.required_child("Spaces").has_child_elements());
  EXPECT_FALSE(root.required_child("Text").has_child_elements());
  EXPECT_TRUE(root.required_child("One").has_child_elements());
}

TEST(XmlElement, FindsTheFirstElementOfANameAtAnyDepth) {
  const auto document =
      parse("<Response><Errors><Error><Code>A</Code></Error><Error><Code>B</Code></Error></Errors></Response>");
  const auto error = document.root().find("Error");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->optional_text("Code"), "A");
  EXPECT_EQ(document.root().find("Response")->name(), "Response");
  EXPECT_EQ(document.root().find("Missing"), std::nullopt);
}

common::HttpResponse ok(std::string body) {
  return common::HttpResponse{.status = 200, .headers = {{"x-amzn-requestid", "req-9"}}, .body = std::move(body)};
}

common::Expected<std::string, AwsError> read_next_token(const common::HttpResponse& response) {
  return read_query_result<std::string>(response, "GetMetricData",
                                        [](const XmlElement& result) { return result.required_text("NextToken"); });
}

TEST(ReadQueryResult, HandsTheResultElementToTheReader) {
  const auto token = read_next_token(ok(reference_document("get_metric_data.xml")));
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(*token, "opaque-token-1");
}

TEST(ReadQueryResult, TurnsAMissingElementIntoAMalformedResponse) {
  const auto token = read_next_token(ok("<GetMetricDataResponse><GetMetricDataResult/></GetMetricDataResponse>"));
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().kind, ErrorKind::malformed_response);
  EXPECT_EQ(token.error().code, "MalformedResponse");
  EXPECT_EQ(token.error().message,
            "GetMetricData answer: GetMetricDataResponse/GetMetricDataResult: missing element NextToken");
  EXPECT_EQ(token.error().request_id, "req-9");
  EXPECT_EQ(token.error().http_status, 200);
}

TEST(ReadQueryResult, ReportsAnAnswerForAnotherOperation) {
  const auto token = read_next_token(ok("<ListMetricsResponse><ListMetricsResult/></ListMetricsResponse>"));
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().message, "GetMetricData answer: ListMetricsResponse: missing element GetMetricDataResult");
}

TEST(ReadQueryResult, ReportsATruncatedAnswer) {
  const std::string full = reference_document("get_metric_data.xml");
  const auto token = read_next_token(ok(full.substr(0, full.size() / 2)));
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(token.error().message, HasSubstr("GetMetricData answer is not well-formed XML"));
}

TEST(ReadQueryResult, DecodesAnErrorAnswer) {
  const auto token = read_next_token(
      common::HttpResponse{.status = 400, .headers = {}, .body = reference_document("throttling_error.xml")});
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().kind, ErrorKind::service);
  EXPECT_EQ(token.error().code, "Throttling");
}

}  // namespace
}  // namespace rds_exporter::aws
