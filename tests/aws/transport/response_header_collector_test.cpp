#include "aws/transport/response_header_collector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ResponseHeaderCollector, LowerCasesNamesAndTrimsValues) {
  ResponseHeaderCollector collector;
  for (const char* line : {"HTTP/1.1 200 OK\r\n", "X-Amzn-RequestId:  abc-123 \r\n", "Content-Type:text/xml\r\n",
                           "x-amzn-requestid: second\r\n", "\r\n"}) {
    collector.add_line(line);
  }
  EXPECT_THAT(collector.take(), ElementsAre(Pair("x-amzn-requestid", "abc-123"), Pair("content-type", "text/xml"),
                                            Pair("x-amzn-requestid", "second")));
}

TEST(ResponseHeaderCollector, KeepsOnlyTheFinalResponsesHeaders) {
  ResponseHeaderCollector collector;
  for (const char* line : {"HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n", "HTTP/1.1 200 OK\r\n",
                           "Content-Length: 2\r\n", "\r\n"}) {
    collector.add_line(line);
  }
  EXPECT_THAT(collector.take(), ElementsAre(Pair("content-length", "2")));
}

TEST(ResponseHeaderCollector, JoinsFoldedLinesAndSkipsLinesWithoutAColon) {
  ResponseHeaderCollector collector;
  for (const char* line : {"HTTP/1.1 200 OK\r\n", "X-Long: first\r\n", "\t second\r\n", "garbage\r\n"}) {
    collector.add_line(line);
  }
  EXPECT_THAT(collector.take(), ElementsAre(Pair("x-long", "first second")));
}

}  // namespace
}  // namespace rds_exporter::aws
