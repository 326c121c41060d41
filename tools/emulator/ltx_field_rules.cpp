#include "ltx_field_rules.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace fal::emulator::ltx_rules {
namespace {

using nlohmann::json;

constexpr double kImageSideMax = 14142;

// ---------------------------------------------------------------------------------------------
// Messages in pydantic's wording, since that is what fal's FastAPI apps answer.

json Number(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) return json(static_cast<long long>(value));
  return json(value);
}

std::string ExpectedList(const std::vector<std::string_view>& choices) {
  std::string text;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
    text += "'" + std::string(choices[i]) + "'";
  }
  return text;
}

bool CheckBounds(const json& path, const json& value, double number, const std::optional<Bound>& min,
                 const std::optional<Bound>& max, ErrorList& errors) {
  if (min) {
    const bool below = min->exclusive ? number <= min->value : number < min->value;
    if (below) {
      const std::string op = min->exclusive ? "greater than" : "greater than or equal to";
      errors.Add(path, min->exclusive ? "greater_than" : "greater_than_equal",
                 "Input should be " + op + " " + FormatNumber(min->value), &value,
                 json{{min->exclusive ? "gt" : "ge", Number(min->value)}});
      return false;
    }
  }
  if (max) {
    const bool above = max->exclusive ? number >= max->value : number > max->value;
    if (above) {
      const std::string op = max->exclusive ? "less than" : "less than or equal to";
      errors.Add(path, max->exclusive ? "less_than" : "less_than_equal",
                 "Input should be " + op + " " + FormatNumber(max->value), &value,
                 json{{max->exclusive ? "lt" : "le", Number(max->value)}});
      return false;
    }
  }
  return true;
}

// JSON integers, and floats with no fractional part (pydantic's lax mode takes 121.0 for an int).
bool CheckInteger(const json& path, const json& value, ErrorList& errors, double& number) {
  if (value.is_number_integer()) {
    number = value.get<double>();
    return true;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && std::floor(d) == d) {
      number = d;
      return true;
    }
    errors.Add(path, "int_from_float", "Input should be a valid integer, got a number with a fractional part",
               &value);
    return false;
  }
  errors.Add(path, "int_type", "Input should be a valid integer", &value);
  return false;
}

bool CheckNumber(const json& path, const json& value, ErrorList& errors, double& number) {
  if (!value.is_number()) {
    errors.Add(path, "float_type", "Input should be a valid number", &value);
    return false;
  }
  number = value.get<double>();
  if (!std::isfinite(number)) {
    errors.Add(path, "finite_number", "Input should be a finite number", &value);
    return false;
  }
  return true;
}

bool CheckString(const json& path, const json& value, ErrorList& errors) {
  if (value.is_string()) return true;
  errors.Add(path, "string_type", "Input should be a valid string", &value);
  return false;
}

// fal downloads every file input before the model runs; the emulator never fetches anything, but it
// fails the same way for values no downloader could fetch.
bool CheckUrl(const json& path, const json& value, ErrorList& errors) {
  if (!CheckString(path, value, errors)) return false;
  const auto& text = value.get_ref<const std::string&>();
  const bool fetchable =
      text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0 || text.rfind("data:", 0) == 0;
  if (!fetchable || text.size() <= 8) {
    errors.Add(path, "file_download_error",
               "Failed to download the file. Please check if the URL is accessible: give an http(s) URL or a "
               "base64 data URI",
               &value);
    return false;
  }
  return true;
}

void CheckSize(const json& path, const json& value, const std::vector<std::string_view>& presets,
               ErrorList& errors) {
  if (value.is_string()) {
    for (auto preset : presets) {
      if (value.get_ref<const std::string&>() == preset) return;
    }
    errors.Add(path, "enum", "Input should be " + ExpectedList(presets), &value,
               json{{"expected", ExpectedList(presets)}});
    return;
  }
  if (!value.is_object()) {
    errors.Add(
        path, "model_type",
        "Input should be a valid dictionary or instance of ImageSize, or one of " + ExpectedList(presets),
        &value);
    return;
  }
  for (const char* side : {"width", "height"}) {
    if (!value.contains(side)) continue;  // both default to 512
    json side_path = path;
    side_path.push_back(side);
    double number = 0;
    if (CheckInteger(side_path, value[side], errors, number)) {
      CheckBounds(side_path, value[side], number, Bound{0, true}, Bound{kImageSideMax, false}, errors);
    }
  }
}

void CheckLoras(const json& path, const json& value, const LoraRules& rules, ErrorList& errors) {
  if (!value.is_array()) {
    errors.Add(path, "list_type", "Input should be a valid list", &value);
    return;
  }
  if (rules.max_items && static_cast<int>(value.size()) > *rules.max_items) {
    errors.Add(
        path, "too_long",
        "List should have at most " + std::to_string(*rules.max_items) + " items after validation, not " +
            std::to_string(value.size()),
        &value,
        json{{"field_type", "List"}, {"max_length", *rules.max_items}, {"actual_length", value.size()}});
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    json item_path = path;
    item_path.push_back(i);
    const json& item = value[i];
    if (!item.is_object()) {
      errors.Add(item_path, "model_type", "Input should be a valid dictionary or instance of LoRAInput",
                 &item);
      continue;
    }
    json member = item_path;
    member.push_back("path");
    if (!item.contains("path")) {
      errors.Add(member, "missing", "Field required", nullptr);
    } else {
      CheckString(member, item["path"], errors);
    }
    if (item.contains("scale")) {
      json scale_path = item_path;
      scale_path.push_back("scale");
      double number = 0;
      if (CheckNumber(scale_path, item["scale"], errors, number)) {
        CheckBounds(scale_path, item["scale"], number, rules.scale_min, rules.scale_max, errors);
      }
    }
    for (auto key : rules.string_keys) {
      const std::string name(key);
      if (!item.contains(name) || item[name].is_null()) continue;
      json key_path = item_path;
      key_path.push_back(name);
      CheckString(key_path, item[name], errors);
    }
  }
}

}  // namespace

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

bool CheckField(const FieldRule& rule, const json& input, const LoraRules& loras, ErrorList& errors) {
  const std::string name(rule.name);
  const json path = json::array({name});
  if (!input.contains(name)) {
    if (rule.required) errors.Add(path, "missing", "Field required", nullptr);
    return false;
  }
  const json& value = input[name];
  if (value.is_null() && rule.nullable) return false;

  double number = 0;
  switch (rule.kind) {
    case Kind::kString:
      return CheckString(path, value, errors);
    case Kind::kUrl:
      return CheckUrl(path, value, errors);
    case Kind::kBoolean:
      if (value.is_boolean()) return true;
      errors.Add(path, "bool_type", "Input should be a valid boolean", &value);
      return false;
    case Kind::kInteger:
      return CheckInteger(path, value, errors, number) &&
             CheckBounds(path, value, number, rule.min, rule.max, errors);
    case Kind::kNumber:
      return CheckNumber(path, value, errors, number) &&
             CheckBounds(path, value, number, rule.min, rule.max, errors);
    case Kind::kEnum:
      if (value.is_string()) {
        for (auto choice : rule.choices) {
          if (value.get_ref<const std::string&>() == choice) return true;
        }
      }
      errors.Add(path, "enum", "Input should be " + ExpectedList(rule.choices), &value,
                 json{{"expected", ExpectedList(rule.choices)}});
      return false;
    case Kind::kSize: {
      const std::size_t before = errors.count();
      CheckSize(path, value, rule.choices, errors);
      return errors.count() == before;
    }
    case Kind::kLoras: {
      const std::size_t before = errors.count();
      CheckLoras(path, value, loras, errors);
      return errors.count() == before;
    }
  }
  return false;
}

}  // namespace fal::emulator::ltx_rules
