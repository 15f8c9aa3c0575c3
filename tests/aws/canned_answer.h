#pragma once

#include "common/http_message.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

// What the wire tests of the AWS protocols and services hand a parser in place of AWS's HTTP answer.
namespace rds_exporter::aws::testing {

// An HTTP answer of `status` with `body` and `headers`, as the transport would return it.
inline common::HttpResponse answer(int status, std::string body, common::Headers headers = {}) {
  return common::HttpResponse{.status = status, .headers = std::move(headers), .body = std::move(body)};
}

// The time `seconds` after the Unix epoch.
inline std::chrono::system_clock::time_point epoch_seconds(std::int64_t seconds) {
  return std::chrono::system_clock::time_point{std::chrono::seconds{seconds}};
}

}  // namespace rds_exporter::aws::testing
