// How one LTX input field is checked, in the words fal's FastAPI apps use (pydantic's error types and
// messages). ltx_input_rules.cpp holds the table that applies these checks to each endpoint; this is
// the vocabulary that table is written in. Internal to the emulator.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ltx_input_rules.hpp"

namespace fal::emulator::ltx_rules {

enum class Kind { kString, kUrl, kInteger, kNumber, kBoolean, kEnum, kSize, kLoras };

struct Bound {
  double value;
  bool exclusive;
};

struct FieldRule {
  std::string_view name;
  Kind kind = Kind::kString;
  bool required = false;
  bool nullable = false;  // documented without a default ("If None, ..."): null means "not set"
  std::optional<Bound> min;
  std::optional<Bound> max;
  std::vector<std::string_view> choices;  // enum values; for sizes, the named presets
};

struct LoraRules {
  std::optional<int> max_items;
  std::optional<Bound> scale_min;
  std::optional<Bound> scale_max;
  std::vector<std::string_view> string_keys;  // optional string members besides path
};

struct EndpointRules {
  std::vector<FieldRule> fields;
  LoraRules loras;
};

inline FieldRule Rule(std::string_view name, Kind kind) {
  FieldRule rule;
  rule.name = name;
  rule.kind = kind;
  return rule;
}
inline FieldRule Ranged(std::string_view name, Kind kind, double lo, double hi) {
  FieldRule rule = Rule(name, kind);
  rule.min = Bound{lo, false};
  rule.max = Bound{hi, false};
  return rule;
}
inline FieldRule WithChoices(std::string_view name, Kind kind, std::vector<std::string_view> choices) {
  FieldRule rule = Rule(name, kind);
  rule.choices = std::move(choices);
  return rule;
}
inline FieldRule Str(std::string_view name) { return Rule(name, Kind::kString); }
inline FieldRule Url(std::string_view name) { return Rule(name, Kind::kUrl); }
inline FieldRule Bool(std::string_view name) { return Rule(name, Kind::kBoolean); }
inline FieldRule Int(std::string_view name, double lo, double hi) {
  return Ranged(name, Kind::kInteger, lo, hi);
}
inline FieldRule Num(std::string_view name, double lo, double hi) {
  return Ranged(name, Kind::kNumber, lo, hi);
}
inline FieldRule AnyInt(std::string_view name) { return Rule(name, Kind::kInteger); }
inline FieldRule Enum(std::string_view name, std::vector<std::string_view> choices) {
  return WithChoices(name, Kind::kEnum, std::move(choices));
}
inline FieldRule Size(std::string_view name, std::vector<std::string_view> presets) {
  return WithChoices(name, Kind::kSize, std::move(presets));
}
inline FieldRule Loras(std::string_view name) {
  FieldRule rule = Rule(name, Kind::kLoras);
  rule.required = true;
  return rule;
}
inline FieldRule Required(FieldRule rule) {
  rule.required = true;
  return rule;
}
inline FieldRule Nullable(FieldRule rule) {
  rule.nullable = true;
  return rule;
}

// Collects errors; paths are given without the leading "body", which Add puts in front.
class ErrorList {
 public:
  explicit ErrorList(std::vector<FieldError>& out) : out_(out) {}

  void Add(const nlohmann::json& path, std::string type, std::string msg, const nlohmann::json* input,
           std::optional<nlohmann::json> ctx = std::nullopt) {
    nlohmann::json loc = nlohmann::json::array({"body"});
    for (const auto& part : path) loc.push_back(part);
    FieldError error{std::move(loc), std::move(msg), std::move(type), std::nullopt, std::move(ctx)};
    if (input) error.input = *input;
    out_.push_back(std::move(error));
  }

  std::size_t count() const { return out_.size(); }

 private:
  std::vector<FieldError>& out_;
};

// A bound as pydantic prints it: 9, 0.95, 14142.
std::string FormatNumber(double value);

// Checks `rule` against `input` (a JSON object). Returns true when the field is present and well formed,
// which is what cross-field rules and budgets look at.
bool CheckField(const FieldRule& rule, const nlohmann::json& input, const LoraRules& loras,
                ErrorList& errors);

}  // namespace fal::emulator::ltx_rules

namespace fal::emulator {

// The emulator's table for an endpoint kind (ltx_input_rules.cpp). The SDK's comparison test reads it.
const ltx_rules::EndpointRules& RulesFor(EndpointKind kind);

}  // namespace fal::emulator
