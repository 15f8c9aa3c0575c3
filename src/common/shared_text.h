#pragma once

#include <boost/smart_ptr/intrusive_ptr.hpp>
#include <boost/smart_ptr/intrusive_ref_counter.hpp>

#include <compare>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::common {

namespace detail {
// An immutable value with its reference count beside it, so that a handle to it is one pointer
// (boost::intrusive_ptr).
template <typename T>
struct CountedValue : boost::intrusive_ref_counter<CountedValue<T>, boost::thread_safe_counter> {
  explicit CountedValue(T content) : value(std::move(content)) {}
  const T value;
};
}  // namespace detail

// An immutable text that every copy shares: copying costs a reference count, never an allocation, and copies of
// one compare equal without reading the text. For what a series key repeats in each of its points and each
// snapshot (an instance's identifier, a statistic): made once per source, shared by all its series. Converts
// both ways with std::string, so a key can still be written from, and read as, a plain string.
// One pointer wide (the count lives beside the text, boost::intrusive_ptr): a reading holds three of these, and a
// 5,000-instance fleet's snapshot holds a quarter of a million readings.
class SharedText {
 public:
  SharedText() = default;
  SharedText(std::string text) : text_(new detail::CountedValue<std::string>(std::move(text))) {}  // NOLINT
  SharedText(const char* text) : SharedText(std::string(text)) {}                                  // NOLINT
  SharedText(std::string_view text) : SharedText(std::string(text)) {}                             // NOLINT

  const std::string& str() const { return text_ ? text_->value : empty_text(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }     // NOLINT(google-explicit-constructor)
  bool empty() const { return str().empty(); }
  std::size_t size() const { return str().size(); }

  friend bool operator==(const SharedText& a, const SharedText& b) { return a.text_ == b.text_ || a.str() == b.str(); }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const SharedText& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.str() == b; }
  friend std::strong_ordering operator<=>(const SharedText& a, const SharedText& b) { return a.str() <=> b.str(); }
  friend std::string operator+(const std::string& a, const SharedText& b) { return a + b.str(); }
  friend std::string operator+(const char* a, const SharedText& b) { return a + b.str(); }

 private:
  static const std::string& empty_text() {
    static const std::string kEmpty;
    return kEmpty;
  }

  boost::intrusive_ptr<const detail::CountedValue<std::string>> text_;
};

using Labels = std::vector<std::pair<std::string, std::string>>;

// Labels shared the same way: Enhanced Monitoring's {"mode": "user"} is the same for every instance.
class SharedLabels {
 public:
  SharedLabels() = default;
  SharedLabels(Labels labels)  // NOLINT(google-explicit-constructor)
      : labels_(labels.empty() ? nullptr : new detail::CountedValue<Labels>(std::move(labels))) {}
  SharedLabels(std::initializer_list<std::pair<std::string, std::string>> labels) : SharedLabels(Labels(labels)) {}

  const Labels& get() const { return labels_ ? labels_->value : no_labels(); }
  operator const Labels&() const { return get(); }  // NOLINT(google-explicit-constructor)
  bool empty() const { return get().empty(); }
  std::size_t size() const { return get().size(); }
  Labels::const_iterator begin() const { return get().begin(); }
  Labels::const_iterator end() const { return get().end(); }

  friend bool operator==(const SharedLabels& a, const SharedLabels& b) {
    return a.labels_ == b.labels_ || a.get() == b.get();
  }
  friend bool operator==(const SharedLabels& a, const Labels& b) { return a.get() == b; }
  friend auto operator<=>(const SharedLabels& a, const SharedLabels& b) { return a.get() <=> b.get(); }

 private:
  static const Labels& no_labels() {
    static const Labels kNone;
    return kNone;
  }

  boost::intrusive_ptr<const detail::CountedValue<Labels>> labels_;
};

}  // namespace rds_exporter::common
