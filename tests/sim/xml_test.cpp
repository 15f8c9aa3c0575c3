#include "sim/protocol/common_errors.h"
#include "sim/protocol/error_response.h"
#include "sim/protocol/query_response.h"
#include "sim/protocol/request_ids.h"
#include "sim/protocol/xml_writer.h"

#include <gtest/gtest.h>

#include <set>

namespace rds_exporter::sim {
namespace {

TEST(SimXmlEscaping, EscapesTheFiveSpecialCharacters) {
  std::string out;
  append_xml_escaped(out, R"(R&D <legacy> "ledger" 'eu')");
  EXPECT_EQ(out, "R&amp;D &lt;legacy&gt; &quot;ledger&quot; &apos;eu&apos;");
}

TEST(SimXmlEscaping, LeavesOtherTextAlone) {
  std::string out = "kept:";
  append_xml_escaped(out, "plain text, :/=+-@_. and UTF-8 \xed\x95\x9c");
  EXPECT_EQ(out, "kept:plain text, :/=+-@_. and UTF-8 \xed\x95\x9c");
}

TEST(SimXmlWriter, IndentsAndEscapesLikeAws) {
  XmlWriter xml;
  xml.open_root("Root", "http://example.com/doc/");
  xml.text("Name", "a&b");
  xml.open("List");
  xml.boolean("Flag", true);
  xml.integer("Count", -3);
  xml.close("List");
  xml.empty("Nothing");
  xml.close("Root");
  EXPECT_EQ(std::move(xml).finish(),
            "<Root xmlns=\"http://example.com/doc/\">\n"
            "  <Name>a&amp;b</Name>\n"
            "  <List>\n"
            "    <Flag>true</Flag>\n"
            "    <Count>-3</Count>\n"
            "  </List>\n"
            "  <Nothing/>\n"
            "</Root>\n");
}

TEST(SimErrorResponse, HasAwsQueryErrorShapeWithRequestIdBesideError) {
  EXPECT_EQ(error_response(missing_authentication_token(), "http://rds.amazonaws.com/doc/2014-10-31/", "id-1"),
            "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">\n"
            "  <Error>\n"
            "    <Type>Sender</Type>\n"
            "    <Code>MissingAuthenticationToken</Code>\n"
            "    <Message>Request is missing Authentication Token</Message>\n"
            "  </Error>\n"
            "  <RequestId>id-1</RequestId>\n"
            "</ErrorResponse>\n");
}

TEST(SimErrorResponse, ServerFaultsAreReceiverErrors) {
  const std::string body = error_response({500, "InternalFailure", "boom"}, "ns", "id");
  EXPECT_NE(body.find("<Type>Receiver</Type>"), std::string::npos);
}

TEST(SimQueryResponse, WrapsTheResultAndResponseMetadata) {
  EXPECT_EQ(query_response("ListTagsForResource", "ns", "id-2", [](XmlWriter& xml) { xml.empty("TagList"); }),
            "<ListTagsForResourceResponse xmlns=\"ns\">\n"
            "  <ListTagsForResourceResult>\n"
            "    <TagList/>\n"
            "  </ListTagsForResourceResult>\n"
            "  <ResponseMetadata>\n"
            "    <RequestId>id-2</RequestId>\n"
            "  </ResponseMetadata>\n"
            "</ListTagsForResourceResponse>\n");
}

TEST(SimCommonErrors, UseAwsCodesStatusesAndWording) {
  EXPECT_EQ(invalid_client_token_id(),
            (ApiError{403, "InvalidClientTokenId", "The security token included in the request is invalid."}));
  EXPECT_EQ(expired_token(), (ApiError{403, "ExpiredToken", "The security token included in the request is expired"}));
  EXPECT_EQ(signature_does_not_match().http_status, 403);
  EXPECT_TRUE(signature_does_not_match().message.starts_with(
      "The request signature we calculated does not match the signature you provided."));
  EXPECT_EQ(invalid_action("Foo", "NO_VERSION_SPECIFIED"),
            (ApiError{400, "InvalidAction", "Could not find operation Foo for version NO_VERSION_SPECIFIED"}));
  EXPECT_EQ(access_denied("arn:aws:iam::123456789012:user/x", "rds:DescribeDBInstances",
                          "arn:aws:rds:ap-northeast-2:123456789012:db:*")
                .message,
            "User: arn:aws:iam::123456789012:user/x is not authorized to perform: rds:DescribeDBInstances on resource: "
            "arn:aws:rds:ap-northeast-2:123456789012:db:* because no identity-based policy allows the "
            "rds:DescribeDBInstances action");
}

TEST(SimCommonErrors, ClockSkewMessagesNameTheTimesAsAwsDoes) {
  using namespace std::chrono;
  const system_clock::time_point now = sys_days{year{2026} / 11 / 25} + hours{1};
  EXPECT_EQ(signature_expired(now - minutes{20}, now, minutes{15}).message,
            "Signature expired: 20261125T004000Z is now earlier than 20261125T004500Z (20261125T010000Z - 15 min.)");
  EXPECT_EQ(signature_not_yet_current(now + minutes{20}, now, minutes{15}).message,
            "Signature not yet current: 20261125T012000Z is still later than 20261125T011500Z "
            "(20261125T010000Z + 15 min.)");
}

// 8-4-4-4-12 lowercase hex digits, version 4, variant 8 to b.
bool is_random_uuid(const std::string& id) {
  if (id.size() != 36 || id[14] != '4' || std::string_view("89ab").find(id[19]) == std::string_view::npos) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool hyphen_here = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = (id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f');
    if (hyphen_here ? id[i] != '-' : !hex) return false;
  }
  return true;
}

TEST(SimRequestIds, AreDistinctVersion4UuidsAndRepeatForASeed) {
  RequestIds ids(7);
  RequestIds same(7);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = ids.next();
    EXPECT_TRUE(is_random_uuid(id)) << id;
    EXPECT_EQ(id, same.next());
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_NE(RequestIds(8).next(), RequestIds(7).next());
}

}  // namespace
}  // namespace rds_exporter::sim
