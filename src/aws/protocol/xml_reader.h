#pragma once

#include "aws/protocol/timestamp.h"
#include "common/expected.h"

#include <pugixml.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// An element of an AWS XML answer, found by local name: AWS documents carry a versioned default namespace
// (http://rds.amazonaws.com/doc/2014-10-31/, older answers 2013-05-15) that says nothing a reader needs.
// Every member is optional on the wire, since AWS adds and drops members over time; the `required_` readers
// are for the few a caller cannot do without, and throw MalformedResponseError naming the element's path.
// Only valid while the XmlDocument it came from lives.
class XmlElement {
 public:
  XmlElement(pugi::xml_node node, std::string path);

  // "DescribeDBInstancesResponse/DescribeDBInstancesResult/DBInstances/DBInstance[2]", for error messages.
  const std::string& path() const { return path_; }
  std::string_view name() const;

  std::optional<XmlElement> child(std::string_view name) const;
  XmlElement required_child(std::string_view name) const;
  // The first element of that name at any depth, this one included, in document order.
  std::optional<XmlElement> find(std::string_view name) const;
  // The elements named `item_name` inside the child `list_name` ("TagList"/"Tag", "Values"/"member"), in
  // document order; empty when that child is absent or empty, as AWS writes an empty list either way.
  std::vector<XmlElement> list(std::string_view list_name, std::string_view item_name) const;

  // The character data directly inside this element, entities decoded ("a &amp; b" is "a & b").
  std::string text() const;
  bool to_bool() const;
  std::int64_t to_integer() const;
  // A finite decimal number ("0.5", "16.0", "2"); NaN and infinities are not numbers AWS writes.
  double to_double() const;
  TimePoint to_timestamp() const;
  // Whether any element stands directly inside this one.
  bool has_child_elements() const;

  std::optional<std::string> optional_text(std::string_view name) const;
  // Throws when the child is absent or empty.
  std::string required_text(std::string_view name) const;
  std::optional<bool> optional_bool(std::string_view name) const;
  std::optional<std::int64_t> optional_integer(std::string_view name) const;
  std::optional<double> optional_double(std::string_view name) const;
  // The child's text, checked to be an ISO-8601 time (see to_timestamp) but kept as AWS wrote it.
  std::optional<std::string> optional_timestamp_text(std::string_view name) const;
  TimePoint required_timestamp(std::string_view name) const;

 private:
  pugi::xml_node node_;
  std::string path_;
};

// A parsed XML answer. Owns the tree its XmlElements point into.
class XmlDocument {
 public:
  // The error says why and where the text stops being well-formed XML ("Start-end tags mismatch at byte 812
  // of 1024"), never quoting the text, which may hold credentials.
  static common::Expected<XmlDocument, std::string> parse(std::string_view text);

  XmlElement root() const;

 private:
  explicit XmlDocument(std::unique_ptr<pugi::xml_document> document);

  std::unique_ptr<pugi::xml_document> document_;
};

}  // namespace rds_exporter::aws
