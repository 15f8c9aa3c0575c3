#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// Builds an XML document as AWS Query services send theirs: one element per line, indented by two spaces,
// text escaped. Appends straight into one string, since a DescribeDBInstances page of 100 instances is a
// few hundred kilobytes and is written on every call.
class XmlWriter {
 public:
  explicit XmlWriter(std::size_t expected_size = 4096) { out_.reserve(expected_size); }

  // <name xmlns="...">, for a document's root element.
  void open_root(std::string_view name, std::string_view xml_namespace);
  void open(std::string_view name);
  void close(std::string_view name);

  // <name>text</name>
  void text(std::string_view name, std::string_view value);
  void boolean(std::string_view name, bool value);
  void integer(std::string_view name, long long value);
  // <name/>, which AWS writes for empty lists and structures.
  void empty(std::string_view name);

  std::string finish() &&;

 private:
  void start_line();

  std::string out_;
  int depth_ = 0;
};

// Appends `text` with &, <, >, " and ' escaped, so it is safe as element text and as an attribute value.
void append_xml_escaped(std::string& out, std::string_view text);

}  // namespace rds_exporter::sim
