#include "aws/protocol/xml_reader.h"

#include "aws/protocol/response_reading.h"
#include "common/text.h"
#include "common/time_text.h"

#include <charconv>
#include <cmath>

namespace rds_exporter::aws {
namespace {

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node find_child(const pugi::xml_node& parent, std::string_view name) {
  for (const auto& child : parent.children()) {
    if (child.type() == pugi::node_element && local_name(child) == name) return child;
  }
  return {};
}

[[noreturn]] void throw_malformed(const std::string& path, std::string_view problem) {
  throw MalformedResponseError(path + ": " + std::string(problem));
}

bool is_blank(std::string_view text) { return common::trim(text).empty(); }

// A wrong value in quotes, cut short: enough to recognise it, not enough to flood a log line.
std::string quoted_excerpt(std::string_view value) {
  constexpr std::size_t kLongest = 64;
  if (value.size() <= kLongest) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, kLongest)) + "...'";
}

// An AWS answer is exactly one element; text or a second element after it means two answers ran together or
// the body is not XML at all.
std::optional<std::string> top_level_problem(const pugi::xml_document& document) {
  int elements = 0;
  for (const auto& node : document.children()) {
    if (node.type() == pugi::node_element) ++elements;
    const bool is_text = node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
    if ((is_text && !is_blank(node.value())) || elements > 1) return "text or elements outside the root element";
  }
  if (elements == 0) return "no root element";
  return std::nullopt;
}

// The child `name` read by `read`; nullopt when there is no such child.
template <typename T>
std::optional<T> optional_child_value(const XmlElement& element, std::string_view name,
                                      T (XmlElement::*read)() const) {
  const auto found = element.child(name);
  if (!found) return std::nullopt;
  return ((*found).*read)();
}

}  // namespace

XmlElement::XmlElement(pugi::xml_node node, std::string path) : node_(node), path_(std::move(path)) {}

std::string_view XmlElement::name() const { return local_name(node_); }

std::optional<XmlElement> XmlElement::child(std::string_view name) const {
  const auto found = find_child(node_, name);
  if (!found) return std::nullopt;
  return XmlElement(found, path_ + "/" + std::string(name));
}

XmlElement XmlElement::required_child(std::string_view name) const {
  auto found = child(name);
  if (!found) throw_malformed(path_, "missing element " + std::string(name));
  return *std::move(found);
}

std::optional<XmlElement> XmlElement::find(std::string_view name) const {
  if (local_name(node_) == name) return *this;
  const auto found = node_.find_node(
      [name](const pugi::xml_node& node) { return node.type() == pugi::node_element && local_name(node) == name; });
  if (!found) return std::nullopt;
  return XmlElement(found, path_ + "//" + std::string(name));
}

std::vector<XmlElement> XmlElement::list(std::string_view list_name, std::string_view item_name) const {
  std::vector<XmlElement> items;
  const auto container = find_child(node_, list_name);
  if (!container) return items;
  const std::string item_path = path_ + "/" + std::string(list_name) + "/" + std::string(item_name) + "[";
  for (const auto& node : container.children()) {
    if (node.type() != pugi::node_element || local_name(node) != item_name) continue;
    items.emplace_back(node, item_path + std::to_string(items.size() + 1) + "]");
  }
  return items;
}

std::string XmlElement::text() const {
  std::string text;
  for (const auto& node : node_.children()) {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) text += node.value();
  }
  return text;
}

bool XmlElement::to_bool() const {
  const std::string value = text();
  if (value == "true") return true;
  if (value == "false") return false;
  throw_malformed(path_, "expected true or false, got " + quoted_excerpt(value));
}

std::int64_t XmlElement::to_integer() const {
  const std::string value = text();
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size()) {
    throw_malformed(path_, "expected an integer, got " + quoted_excerpt(value));
  }
  return number;
}

double XmlElement::to_double() const {
  const std::string value = text();
  double number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size() || !std::isfinite(number)) {
    throw_malformed(path_, "expected a number, got " + quoted_excerpt(value));
  }
  return number;
}

bool XmlElement::has_child_elements() const {
  for (const auto& child : node_.children()) {
    if (child.type() == pugi::node_element) return true;
  }
  return false;
}

TimePoint XmlElement::to_timestamp() const {
  const std::string value = text();
  const auto time = common::parse_iso8601(value);
  if (!time) throw_malformed(path_, "expected an ISO-8601 time, got " + quoted_excerpt(value));
  return *time;
}

std::optional<std::string> XmlElement::optional_text(std::string_view name) const {
  const auto found = child(name);
  if (!found) return std::nullopt;
  return found->text();
}

std::string XmlElement::required_text(std::string_view name) const {
  auto value = optional_text(name);
  if (!value || value->empty()) throw_malformed(path_, "missing element " + std::string(name));
  return *std::move(value);
}

std::optional<bool> XmlElement::optional_bool(std::string_view name) const {
  return optional_child_value(*this, name, &XmlElement::to_bool);
}

std::optional<std::int64_t> XmlElement::optional_integer(std::string_view name) const {
  return optional_child_value(*this, name, &XmlElement::to_integer);
}

std::optional<double> XmlElement::optional_double(std::string_view name) const {
  return optional_child_value(*this, name, &XmlElement::to_double);
}

std::optional<std::string> XmlElement::optional_timestamp_text(std::string_view name) const {
  const auto found = child(name);
  if (!found) return std::nullopt;
  (void)found->to_timestamp();
  return found->text();
}

TimePoint XmlElement::required_timestamp(std::string_view name) const { return required_child(name).to_timestamp(); }

XmlDocument::XmlDocument(std::unique_ptr<pugi::xml_document> document) : document_(std::move(document)) {}

common::Expected<XmlDocument, std::string> XmlDocument::parse(std::string_view text) {
  auto document = std::make_unique<pugi::xml_document>();
  // parse_ws_pcdata_single keeps a value made only of spaces (a tag value of " "), which pugixml otherwise
  // drops as formatting; parse_fragment keeps text around the root element, which it otherwise drops
  // silently, so that top_level_problem can see it.
  const auto options = pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_fragment;
  const auto result = document->load_buffer(text.data(), text.size(), options, pugi::encoding_utf8);
  if (!result) {
    return common::Unexpected{"not well-formed XML: " + std::string(result.description()) + " at byte " +
                              std::to_string(result.offset) + " of " + std::to_string(text.size())};
  }
  if (const auto problem = top_level_problem(*document)) return common::Unexpected{"not XML: " + *problem};
  return XmlDocument(std::move(document));
}

XmlElement XmlDocument::root() const {
  const auto root = document_->document_element();
  return XmlElement(root, std::string(local_name(root)));
}

}  // namespace rds_exporter::aws
