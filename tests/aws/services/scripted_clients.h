#pragma once

// What the typed clients' and the session's tests share: a service client over a scripted transport, the JSON
// bodies it sent, and a session over one.

#include "../credentials/fake_transport.h"
#include "../credentials/temp_home.h"
#include "aws/credentials/static_provider.h"
#include "aws/session/aws_session.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace rds_exporter::aws::testing {

// A client of `service` in eu-west-1 at its standard host, signing with the SigV4 suite's example key, retrying
// 3 times without waiting.
inline ServiceClient scripted_service_client(HttpTransport& transport, const AwsService& service) {
  ClientContext context;
  context.transport = &transport;
  context.random01 = [] { return 0.0; };
  context.sleep = [](std::chrono::milliseconds) {};
  const std::string host = std::string(service.endpoint_prefix) + ".eu-west-1.amazonaws.com";
  return ServiceClient(
      context, ServiceClientOptions{service, "eu-west-1", Endpoint{"https://" + host, host, "t"},
                                    std::make_shared<StaticProvider>(
                                        Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "",
                                                    std::nullopt},
                                        "test"),
                                    RetryPolicy{3, std::chrono::milliseconds(1)}});
}

inline std::vector<nlohmann::json> sent_bodies(const FakeTransport& transport) {
  std::vector<nlohmann::json> bodies;
  for (const auto& request : transport.requests()) bodies.push_back(nlohmann::json::parse(request.body.str()));
  return bodies;
}

// An AwsSession in eu-west-1 with static keys from the environment, no instance metadata, and every call
// through `transport`.
class ScriptedSessionTest : public ::testing::Test {
 protected:
  ScriptedSessionTest() {
    settings.aws.region = "eu-west-1";
    environment = home.environment();
    environment["AWS_EC2_METADATA_DISABLED"] = "true";
    environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
    environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  }

  std::unique_ptr<AwsSession> create_session(std::stop_token stop = {}) {
    auto owned_transport = std::make_unique<FakeTransport>();
    transport = owned_transport.get();
    auto session =
        AwsSession::create(settings, environment, "rds_exporter/test", std::move(owned_transport), std::move(stop));
    if (!session) ADD_FAILURE() << session.error();
    return session ? std::move(session).value() : nullptr;
  }

  TempHome home;
  config::Settings settings;
  common::Environment environment;
  FakeTransport* transport = nullptr;
};

}  // namespace rds_exporter::aws::testing
