#include "aws/credentials/ini_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

IniDocument parsed_ini(std::string_view text) {
  auto document = parse_ini(text, "config");
  EXPECT_TRUE(document) << document.error();
  return document ? *document : IniDocument{};
}

std::string parse_error(std::string_view text) {
  const auto document = parse_ini(text, "/home/u/.aws/config");
  EXPECT_FALSE(document);
  return document ? "" : document.error();
}

TEST(IniDocumentTest, SectionsKeepFileOrderAndTheirLines) {
  const auto document = parsed_ini("[default]\nregion = eu-west-1\n\n[profile prod]\nregion=us-east-1\n");
  ASSERT_EQ(document.size(), 2u);
  EXPECT_EQ(document[0].header, "default");
  EXPECT_EQ(document[0].line, 1);
  EXPECT_EQ(document[1].header, "profile prod");
  EXPECT_EQ(document[1].line, 4);
  EXPECT_EQ(document[1].properties.at("region").value, "us-east-1");
}

TEST(IniDocumentTest, KeysAreLowerCasedAndValuesTrimmed) {
  const auto document = parsed_ini("[default]\n  AWS_Access_Key_ID   =   AKIDEXAMPLE  \r\n");
  EXPECT_EQ(document[0].properties.at("aws_access_key_id").value, "AKIDEXAMPLE");
}

TEST(IniDocumentTest, FullLineCommentsAreSkippedButTextAfterAValueIsPartOfIt) {
  const auto document =
      parsed_ini("# top\n; also\n[default]\n  # indented comment\nregion = eu-west-1 # not a comment\n");
  ASSERT_EQ(document.size(), 1u);
  EXPECT_EQ(document[0].properties.size(), 1u);
  EXPECT_EQ(document[0].properties.at("region").value, "eu-west-1 # not a comment");
}

TEST(IniDocumentTest, AColonSeparatesKeyAndValueToo) {
  const auto document = parsed_ini("[default]\nsso_start_url: https://my-org.awsapps.com/start\n");
  EXPECT_EQ(document[0].properties.at("sso_start_url").value, "https://my-org.awsapps.com/start");
}

TEST(IniDocumentTest, TheFirstDelimiterSplitsSoValuesMayHoldMore) {
  const auto document = parsed_ini("[default]\nrole_arn = arn:aws:iam::123456789012:role/x=y\n");
  EXPECT_EQ(document[0].properties.at("role_arn").value, "arn:aws:iam::123456789012:role/x=y");
}

TEST(IniDocumentTest, IndentedLinesUnderAnEmptyValueAreSubProperties) {
  const auto document = parsed_ini(
      "[services local]\nrds =\n  endpoint_url = http://127.0.0.1:4566\n  Signature_Version = v4\n"
      "cloudwatch =\n\tendpoint_url = http://127.0.0.1:4567\n");
  const auto& properties = document[0].properties;
  EXPECT_EQ(properties.at("rds").value, "");
  EXPECT_EQ(properties.at("rds").sub_properties.at("endpoint_url"), "http://127.0.0.1:4566");
  EXPECT_EQ(properties.at("rds").sub_properties.at("signature_version"), "v4");
  EXPECT_EQ(properties.at("cloudwatch").sub_properties.at("endpoint_url"), "http://127.0.0.1:4567");
}

TEST(IniDocumentTest, IndentedLinesUnderAValueContinueIt) {
  const auto document = parsed_ini("[default]\nkey = first\n   second\nnext = 1\n");
  EXPECT_EQ(document[0].properties.at("key").value, "first\nsecond");
  EXPECT_EQ(document[0].properties.at("next").value, "1");
}

TEST(IniDocumentTest, AnEmptyFileHasNoSections) { EXPECT_TRUE(parsed_ini("").empty()); }

TEST(IniDocumentTest, ErrorsNameFileAndLine) {
  EXPECT_EQ(parse_error("region = x\n"), "/home/u/.aws/config:1: key 'region' before any [section]");
  EXPECT_EQ(parse_error("[default]\n\njust words\n"),
            "/home/u/.aws/config:3: expected '[section]', 'key = value' or a comment");
  EXPECT_EQ(parse_error("[default\n"), "/home/u/.aws/config:1: section header without a closing ']'");
  EXPECT_EQ(parse_error("[default]\na = 1\n[default]\n"),
            "/home/u/.aws/config:3: section [default] appears again (first at line 1)");
  EXPECT_EQ(parse_error("[default]\nA = 1\na = 2\n"), "/home/u/.aws/config:3: key 'a' appears twice in [default]");
  EXPECT_EQ(parse_error("[default]\n = 1\n"), "/home/u/.aws/config:2: a value without a key");
  EXPECT_EQ(parse_error("[services s]\nrds =\n  endpoint_url\n"),
            "/home/u/.aws/config:3: expected 'name = value' in the block under 'rds'");
}

TEST(IniDocumentTest, ErrorsDoNotQuoteValues) {
  EXPECT_THAT(parse_error("[default]\naws_secret_access_key = s3cr3t\naws_secret_access_key = s3cr3t\n"),
              Not(HasSubstr("s3cr3t")));
}

}  // namespace
}  // namespace rds_exporter::aws
