#include "sim/faults/body_fault.h"

#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

TEST(SimBodyFault, TruncateKeepsTheFirstHalf) {
  HttpReply reply{200, "text/xml", "<a><b>text</b></a>", {{"x-amzn-RequestId", "id"}}};
  spoil_body(FaultAction::kTruncateBody, reply);
  EXPECT_EQ(reply.body, "<a><b>tex");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.size(), 1u);
}

TEST(SimBodyFault, MalformEndsTheBodyWithWhatNoParserAccepts) {
  HttpReply xml{200, "text/xml", "<a><b>text</b></a>", {}};
  spoil_body(FaultAction::kMalformBody, xml);
  EXPECT_EQ(xml.body, "<a><b>tex<<<");
  HttpReply json{200, "application/x-amz-json-1.0", R"({"a":1})", {}};
  spoil_body(FaultAction::kMalformBody, json);
  EXPECT_EQ(json.body, R"({"a}}})");
}

TEST(SimBodyFault, OtherActionsLeaveTheBodyAlone) {
  HttpReply reply{200, "text/xml", "<a/>", {}};
  spoil_body(FaultAction::kPass, reply);
  spoil_body(FaultAction::kDropConnection, reply);
  EXPECT_EQ(reply.body, "<a/>");
}

}  // namespace
}  // namespace rds_exporter::sim
