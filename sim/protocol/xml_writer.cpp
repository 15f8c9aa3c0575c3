#include "sim/protocol/xml_writer.h"

namespace rds_exporter::sim {

void append_xml_escaped(std::string& out, std::string_view text) {
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&apos;";
        break;
      default:
        continue;
    }
    out.append(text.substr(plain_from, i - plain_from));
    out.append(entity);
    plain_from = i + 1;
  }
  out.append(text.substr(plain_from));
}

void XmlWriter::start_line() {
  if (!out_.empty()) out_ += '\n';
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
}

void XmlWriter::open_root(std::string_view name, std::string_view xml_namespace) {
  start_line();
  out_.append("<").append(name).append(" xmlns=\"");
  append_xml_escaped(out_, xml_namespace);
  out_.append("\">");
  ++depth_;
}

void XmlWriter::open(std::string_view name) {
  start_line();
  out_.append("<").append(name).append(">");
  ++depth_;
}

void XmlWriter::close(std::string_view name) {
  --depth_;
  start_line();
  out_.append("</").append(name).append(">");
}

void XmlWriter::text(std::string_view name, std::string_view value) {
  start_line();
  out_.append("<").append(name).append(">");
  append_xml_escaped(out_, value);
  out_.append("</").append(name).append(">");
}

void XmlWriter::boolean(std::string_view name, bool value) { text(name, value ? "true" : "false"); }

void XmlWriter::integer(std::string_view name, long long value) { text(name, std::to_string(value)); }

void XmlWriter::empty(std::string_view name) {
  start_line();
  out_.append("<").append(name).append("/>");
}

std::string XmlWriter::finish() && {
  out_ += '\n';
  return std::move(out_);
}

}  // namespace rds_exporter::sim
