#include "inventory/parameter_formula.h"

#include "common/nearest_name.h"
#include "inventory/instance_class_memory.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace rds_exporter::inventory {
namespace {

using Result = common::Expected<double, std::string>;

// Braces, parentheses and function calls, one level each. AWS's own values nest three deep at most.
constexpr int kMaxDepth = 32;

// How arithmetic inside braces treats fractions: truncated at each operator as AWS documents, or kept whole
// inside log(), whose argument AWS evaluates exactly (docs/max-connections.md).
enum class Arithmetic { kInteger, kExact };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

enum class Function { kGreatest, kLeast, kSum, kIf };

std::optional<Function> function_named(std::string_view name) {
  // Function names are case-insensitive (USER_ParamValuesRef, "DB parameter functions").
  if (equals_ignoring_case(name, "GREATEST")) return Function::kGreatest;
  if (equals_ignoring_case(name, "LEAST")) return Function::kLeast;
  if (equals_ignoring_case(name, "SUM")) return Function::kSum;
  if (equals_ignoring_case(name, "IF")) return Function::kIf;
  return std::nullopt;
}

const std::array<std::string, 4>& function_names() {
  static const std::array<std::string, 4> names{"GREATEST", "LEAST", "SUM", "IF"};
  return names;
}

const std::array<std::string, 6>& variable_names() {
  static const std::array<std::string, 6> names{"DBInstanceClassMemory", "DBInstanceVCPU",
                                                "AllocatedStorage",      "EndPointPort",
                                                "TrueIfReplica",         "DBInstanceClassHugePagesDefault"};
  return names;
}

std::string did_you_mean(std::string_view name, std::span<const std::string> candidates) {
  // Edit distance costs the product of the lengths; a name far longer than any known one is no typo of it.
  constexpr std::size_t kLongestGuessed = 64;
  if (name.size() > kLongestGuessed) return std::string();
  const auto nearest = common::nearest_name(name, candidates);
  return nearest ? " (did you mean '" + *nearest + "'?)" : std::string();
}

class Evaluator {
 public:
  Evaluator(std::string_view text, const FormulaVariables& variables) : text_(text), variables_(variables) {}

  Result evaluate() {
    skip_space();
    if (at_end()) return fail("empty value");
    const bool quoted = peek() == '"';
    if (quoted) ++pos_;
    Result value = item();
    if (!value) return value;
    skip_space();
    if (const auto comparison = comparison_operator()) {
      Result right = item();
      if (!right) return right;
      value = compare(*comparison, *value, *right) ? 1.0 : 0.0;
      skip_space();
    } else if (quoted) {
      return fail("a quoted value must be a comparison such as \"{DBInstanceVCPU} > 2\"");
    }
    if (quoted) {
      if (!consume('"')) return fail("expected the closing '\"'");
      skip_space();
    }
    if (!at_end()) return fail(unexpected());
    return value;
  }

 private:
  enum class Comparison { kGreater, kLess, kGreaterOrEqual, kLessOrEqual };

  // A literal, a formula in braces, a function call, or (in Boolean expressions) a bare variable.
  Result item() {
    skip_space();
    if (at_end()) return fail("expected a number, a formula or a function");
    const char c = peek();
    if (is_digit(c) || c == '.' || c == '-' || c == '+') return number();
    if (c == '{' || (c == '$' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '{')) return formula();
    if (is_letter(c)) {
      const std::size_t start = pos_;
      const std::string_view name = identifier();
      if (equals_ignoring_case(name, "log")) return fail_at(start, "log() must stand inside braces: {log(...)}");
      skip_space();
      if (!at_end() && peek() == '(') return call(name, start);
      return variable(name, start);
    }
    return fail(unexpected());
  }

  Result number() {
    const std::size_t start = pos_;
    if (peek() == '-' || peek() == '+') ++pos_;
    std::size_t digits = 0;
    while (!at_end() && is_digit(peek())) ++pos_, ++digits;
    if (!at_end() && peek() == '.') {
      ++pos_;
      while (!at_end() && is_digit(peek())) ++pos_, ++digits;
    }
    if (digits == 0) return fail_at(start, "malformed number");
    std::string_view digits_text = text_.substr(start, pos_ - start);
    if (digits_text.front() == '+') digits_text.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(digits_text.data(), digits_text.data() + digits_text.size(), value);
    if (error != std::errc() || end != digits_text.data() + digits_text.size() || !std::isfinite(value)) {
      return fail_at(start, "number out of range");
    }
    return value;
  }

  // {...} or ${...}: the dollar form appears in RDS for PostgreSQL's defaults, GREATEST(${DBInstanceVCPU*2},8).
  Result formula() {
    const std::size_t start = pos_;
    if (peek() == '$') ++pos_;
    ++pos_;  // '{'
    Result value = enclosed(start, Arithmetic::kInteger, '}');
    if (!value) return value;
    return finite(std::trunc(*value), start);
  }

  // What stands between an opening brace or parenthesis, already consumed at `start`, and its `closing` one.
  Result enclosed(std::size_t start, Arithmetic arithmetic, char closing) {
    if (!enter()) return fail_at(start, nesting_error());
    Result value = product(arithmetic);
    if (!value) return value;
    skip_space();
    if (!consume(closing)) return fail(missing(closing));
    leave();
    return value;
  }

  std::string missing(char closing) const {
    if (!at_end()) return std::string("expected '") + closing + "', found " + found();
    return closing == '}' ? "unbalanced braces: '}' missing" : "unbalanced parentheses: ')' missing";
  }

  Result product(Arithmetic arithmetic) {
    Result value = factor(arithmetic);
    if (!value) return value;
    for (;;) {
      skip_space();
      if (at_end()) return value;
      const char op = peek();
      if (op == '+' || op == '-') {
        return fail(std::string("operator '") + op + "' is not a DB parameter formula operator (only * and /)");
      }
      if (op != '*' && op != '/') return value;
      const std::size_t op_pos = pos_++;
      Result right = factor(arithmetic);
      if (!right) return right;
      double left_operand = *value;
      double right_operand = *right;
      if (arithmetic == Arithmetic::kInteger) {
        left_operand = std::trunc(left_operand);
        right_operand = std::trunc(right_operand);
      }
      double result = 0;
      if (op == '*') {
        result = left_operand * right_operand;
      } else {
        if (right_operand == 0) return fail_at(op_pos, "division by zero");
        result = left_operand / right_operand;
        if (arithmetic == Arithmetic::kInteger) result = std::trunc(result);
      }
      value = finite(result, op_pos);
      if (!value) return value;
    }
  }

  Result factor(Arithmetic arithmetic) {
    skip_space();
    if (at_end()) return fail("expected a variable or a number inside the formula");
    const char c = peek();
    if (is_digit(c) || c == '.') return number();
    if (c == '(') {
      const std::size_t start = pos_++;
      return enclosed(start, arithmetic, ')');
    }
    if (is_letter(c)) {
      const std::size_t start = pos_;
      const std::string_view name = identifier();
      skip_space();
      if (!at_end() && peek() == '(') {
        if (equals_ignoring_case(name, "log")) return log(start);
        if (function_named(name)) return fail_at(start, "function " + std::string(name) + "() inside braces");
        return fail_at(start, "unknown function '" + std::string(name) + "'" + did_you_mean(name, function_names()));
      }
      return variable(name, start);
    }
    if (c == '{') return fail("braces inside braces");
    if (c == '}') return fail("empty formula");
    return fail(unexpected());
  }

  // log(x): log base 2 (USER_ParamValuesRef, "DB parameter log expressions") of x computed exactly, rounded to the
  // nearest integer. AWS's Aurora MySQL max_connections table needs both: with a truncated quotient inside,
  // db.r3.large (15.25 GiB) would get 180 instead of 1000; with a truncated logarithm, db.r3.xlarge (30.5 GiB) would
  // get 1000 instead of 2000 and db.r5.12xlarge 5000 instead of 6000.
  Result log(std::size_t start) {
    ++pos_;  // '('
    Result argument = enclosed(start, Arithmetic::kExact, ')');
    if (!argument) return argument;
    if (!(*argument > 0)) return fail_at(start, "log of a number that is not positive");
    return finite(std::round(std::log2(*argument)), start);
  }

  Result variable(std::string_view name, std::size_t start) {
    // Variable names are case-sensitive (USER_ParamValuesRef, "DB parameter formula variables").
    std::optional<double> value;
    if (name == "DBInstanceClassMemory") {
      value = variables_.db_instance_class_memory;
    } else if (name == "DBInstanceVCPU") {
      value = variables_.db_instance_vcpu;
    } else if (name == "AllocatedStorage") {
      value = variables_.allocated_storage;
    } else if (name == "EndPointPort") {
      value = variables_.end_point_port;
    } else if (name == "TrueIfReplica") {
      value = variables_.true_if_replica;
    } else if (name == "DBInstanceClassHugePagesDefault") {
      value = variables_.db_instance_class_huge_pages_default;
    } else {
      return fail_at(start, "unknown variable '" + std::string(name) + "'" + did_you_mean(name, variable_names()));
    }
    if (!value) return fail_at(start, "variable " + std::string(name) + " has no value for this DB instance");
    return finite(*value, start);
  }

  Result call(std::string_view name, std::size_t start) {
    const auto function = function_named(name);
    if (!function) {
      return fail_at(start, "unknown function '" + std::string(name) + "'" + did_you_mean(name, function_names()));
    }
    ++pos_;  // '('
    if (!enter()) return fail_at(start, nesting_error());
    double accumulated = 0;
    std::array<double, 3> if_arguments{};
    std::size_t count = 0;
    for (;;) {
      skip_space();
      if (!at_end() && (peek() == ',' || peek() == ')')) return fail("empty argument");
      Result argument = item();
      if (!argument) return argument;
      const double value = *argument;
      if (count == 0) accumulated = value;
      switch (*function) {
        case Function::kGreatest:
          accumulated = std::fmax(accumulated, value);
          break;
        case Function::kLeast:
          accumulated = std::fmin(accumulated, value);
          break;
        case Function::kSum:
          if (count > 0) accumulated += value;
          break;
        case Function::kIf:
          if (count < if_arguments.size()) if_arguments[count] = value;
          break;
      }
      ++count;
      skip_space();
      if (consume(',')) continue;
      if (consume(')')) break;
      return fail(at_end() ? missing(')') : "expected ',' or ')', found " + found());
    }
    leave();
    if (*function == Function::kIf) {
      if (count != 3) return fail_at(start, "IF takes 3 arguments, not " + std::to_string(count));
      return if_arguments[0] != 0 ? if_arguments[1] : if_arguments[2];
    }
    return finite(accumulated, start);
  }

  std::optional<Comparison> comparison_operator() {
    // >, <, >= or =>, <= or =< (USER_ParamValuesRef, "Boolean DB parameter expressions").
    const std::string_view rest = text_.substr(pos_);
    const auto take = [this](std::size_t length, Comparison comparison) {
      pos_ += length;
      return comparison;
    };
    if (rest.starts_with(">=") || rest.starts_with("=>")) return take(2, Comparison::kGreaterOrEqual);
    if (rest.starts_with("<=") || rest.starts_with("=<")) return take(2, Comparison::kLessOrEqual);
    if (rest.starts_with(">")) return take(1, Comparison::kGreater);
    if (rest.starts_with("<")) return take(1, Comparison::kLess);
    return std::nullopt;
  }

  static bool compare(Comparison comparison, double left, double right) {
    switch (comparison) {
      case Comparison::kGreater:
        return left > right;
      case Comparison::kLess:
        return left < right;
      case Comparison::kGreaterOrEqual:
        return left >= right;
      case Comparison::kLessOrEqual:
        return left <= right;
    }
    return false;
  }

  std::string_view identifier() {
    const std::size_t start = pos_;
    while (!at_end() && (is_letter(peek()) || is_digit(peek()))) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  bool enter() { return ++depth_ <= kMaxDepth; }
  void leave() { --depth_; }
  static std::string nesting_error() { return "nested deeper than " + std::to_string(kMaxDepth) + " levels"; }

  Result finite(double value, std::size_t at) {
    if (!std::isfinite(value)) return fail_at(at, "result out of range");
    return value;
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void skip_space() {
    while (!at_end() && is_space(peek())) ++pos_;
  }
  bool consume(char c) {
    if (at_end() || peek() != c) return false;
    ++pos_;
    return true;
  }

  std::string found() const {
    const unsigned char c = static_cast<unsigned char>(peek());
    if (c >= 0x20 && c < 0x7f) return std::string("'") + peek() + "'";
    constexpr std::string_view kHex = "0123456789abcdef";
    return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 0xf];
  }
  std::string unexpected() const { return "unexpected " + found(); }

  common::Unexpected<std::string> fail(std::string what) const { return fail_at(pos_, std::move(what)); }
  common::Unexpected<std::string> fail_at(std::size_t at, std::string what) const {
    return common::Unexpected{std::move(what) + " at offset " + std::to_string(at)};
  }

  std::string_view text_;
  const FormulaVariables& variables_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

std::optional<FormulaVariables> formula_variables_for_instance_class(std::string_view instance_class) {
  const auto memory = db_instance_class_memory(instance_class);
  const auto vcpus = instance_class_vcpus(instance_class);
  if (!memory || !vcpus) return std::nullopt;
  return FormulaVariables{.db_instance_class_memory = *memory, .db_instance_vcpu = static_cast<double>(*vcpus)};
}

common::Expected<double, std::string> evaluate_parameter(std::string_view value, const FormulaVariables& variables) {
  return Evaluator(value, variables).evaluate();
}

}  // namespace rds_exporter::inventory
