#include "sim/pi/pi_reply.h"

#include "sim/pi/pi_errors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::sim::pi {
namespace {

TEST(SimPiReply, AnswersDocumentsAsJsonOnePointOne) {
  const HttpReply reply = pi_reply(std::string(R"({"Metrics":[]})"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(reply.body, R"({"Metrics":[]})");
}

TEST(SimPiReply, WritesErrorsWithTypeAndMessage) {
  const HttpReply reply = pi_reply(invalid_argument("The specified statistic is \"not\" a known statistic"));
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(nlohmann::json::parse(reply.body),
            nlohmann::json({{"__type", "InvalidArgumentException"},
                            {"Message", "The specified statistic is \"not\" a known statistic"}}));
}

TEST(SimPiReply, NamesTheSharedErrorsAsJsonServicesDo) {
  const std::pair<ApiError, const char*> cases[] = {
      {{400, "Throttling", "Rate exceeded"}, "ThrottlingException"},
      {{500, "InternalFailure", "x"}, "InternalServiceError"},
      {{403, "InvalidClientTokenId", "x"}, "UnrecognizedClientException"},
      {{403, "SignatureDoesNotMatch", "x"}, "InvalidSignatureException"},
      {{403, "MissingAuthenticationToken", "x"}, "MissingAuthenticationTokenException"},
      {{403, "ExpiredToken", "x"}, "ExpiredTokenException"},
      {{400, "InvalidAction", "x"}, "UnknownOperationException"},
      {{400, "NotAuthorizedException", "x"}, "NotAuthorizedException"},
  };
  for (const auto& [error, type] : cases) {
    EXPECT_EQ(error_type(error), type) << error.code;
    EXPECT_EQ(pi_reply(error).status, error.http_status) << error.code;
  }
}

}  // namespace
}  // namespace rds_exporter::sim::pi
