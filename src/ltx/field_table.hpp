#pragma once
// The one table per typed endpoint (fal/ltx/describe.hpp) and the generic code that works from it: each
// row binds a field's description (name, bounds, default, help) to the member of the plain input struct
// that holds it, so the JSON body, the per-field rules, the File fields to upload and the closed keys of
// extra_json all come from the table. What a table cannot say (budgets, "requires" between fields, the
// 3DREAL trigger) is the endpoint's `extra_rules`.
//
// An endpoint's .cpp is its table (TableOf<Input>) plus FALCPP_LTX_TABLE_TRAITS(Input), which defines the
// EndpointTraits members that follow from it; Finalize stays the endpoint's own.

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "fal/ltx/describe.hpp"
#include "ltx/enum_tables.hpp"
#include "ltx/json_mapping.hpp"
#include "ltx/rules.hpp"

namespace fal::internal {

// What the generic rules need to know beyond the fields.
struct TableRules {
  int size_align = soft::kAlign;            // custom sizes: warned when not a multiple of this
  LoraFamily loras = LoraFamily::kQuality;  // which LoRA rules apply
};

template <class Input>
struct EndpointTable {
  ltx::EndpointDescription description;  // its `fields` are the rows' descriptions, in order
  std::vector<ltx::FieldBinding<Input>> fields;
  TableRules rules;
  // Budgets and cross-field rules; may be empty.
  std::function<void(Checks&, const Input&)> extra_rules;
};

// Defined (specialised) in each endpoint's .cpp.
template <class Input>
const EndpointTable<Input>& TableOf();

// ---- Building rows ----

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {
  using type = T;
};

template <class T>
struct IsOptionalEnum : std::false_type {};
template <class E>
struct IsOptionalEnum<std::optional<E>> : std::is_enum<E> {};

template <class M>
struct MemberValue;
template <class C, class T>
struct MemberValue<T C::*> {
  using type = T;
};

template <class T>
constexpr ltx::FieldType TypeOfValue() {
  if constexpr (std::is_same_v<T, std::string>) return ltx::FieldType::kString;
  if constexpr (std::is_same_v<T, File>) return ltx::FieldType::kFile;
  if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::int64_t>) return ltx::FieldType::kInteger;
  if constexpr (std::is_same_v<T, double>) return ltx::FieldType::kNumber;
  if constexpr (std::is_same_v<T, bool>) return ltx::FieldType::kBoolean;
  if constexpr (std::is_same_v<T, ltx::VideoSize> || std::is_same_v<T, ltx::VideoSizeOrAuto>)
    return ltx::FieldType::kSize;
  if constexpr (std::is_same_v<T, std::vector<ltx::LoraInput>>) return ltx::FieldType::kLoras;
  return ltx::FieldType::kEnum;
}

template <class E>
std::vector<std::string> WireValues() {
  std::vector<std::string> out;
  for (const auto& entry : WireTable<E>::kEntries) out.emplace_back(entry.wire);
  return out;
}

// A row under construction: F(&In::num_frames, "num_frames", "frames to generate").Range(9,
// 481).Default("121").
template <class Input>
struct Row {
  ltx::FieldBinding<Input> binding;

  Row&& Range(double lo, double hi) && {
    binding.description.min = lo;
    binding.description.max = hi;
    return std::move(*this);
  }
  Row&& Default(std::string text) && {
    binding.description.documented_default = std::move(text);
    return std::move(*this);
  }
  Row&& Flag(std::string flag) && {
    binding.description.flag = std::move(flag);
    return std::move(*this);
  }
  operator ltx::FieldBinding<Input>() && { return std::move(binding); }  // NOLINT: rows read as a table
};

inline std::string Dashed(std::string name) {
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  return name;
}

template <class Input, class Holder, class T>
Row<Input> F(T Holder::*member, const char* name, std::string help) {
  static_assert(std::is_base_of_v<Holder, Input>, "the member must belong to the input");
  Row<Input> row;
  ltx::FieldDescription& d = row.binding.description;
  d.name = name;
  d.help = std::move(help);
  d.flag = Dashed(name);
  d.required = !IsOptional<T>::value;
  if constexpr (IsOptionalEnum<T>::value) {
    using E = typename IsOptional<T>::type;
    T Input::*m = member;
    d.type = ltx::FieldType::kEnum;
    d.choices = WireValues<E>();
    row.binding.member = ltx::EnumMember<Input>{[m](const Input& in) -> std::optional<std::string> {
                                                  if (!(in.*m)) return std::nullopt;
                                                  return std::string(WireName(*(in.*m)));
                                                },
                                                [m](Input& in, std::string_view wire) {
                                                  std::optional<E> value = FromWire<E>(wire);
                                                  if (value) in.*m = *value;
                                                  return value.has_value();
                                                }};
  } else {
    using V = typename std::conditional_t<IsOptional<T>::value, IsOptional<T>, std::common_type<T>>::type;
    d.type = TypeOfValue<V>();
    if constexpr (std::is_same_v<V, ltx::VideoSizeOrAuto>) d.choices.push_back("auto");
    if constexpr (std::is_same_v<V, ltx::VideoSize> || std::is_same_v<V, ltx::VideoSizeOrAuto>) {
      for (std::string& preset : WireValues<ltx::SizePreset>()) d.choices.push_back(std::move(preset));
    }
    row.binding.member = static_cast<T Input::*>(member);
  }
  return row;
}

// The description of a table: the rows' descriptions in order.
template <class Input>
EndpointTable<Input> MakeTable(ltx::EndpointDescription endpoint,
                               std::vector<ltx::FieldBinding<Input>> fields, TableRules rules = {},
                               std::function<void(Checks&, const Input&)> extra_rules = nullptr) {
  endpoint.fields.clear();
  for (const auto& f : fields) endpoint.fields.push_back(f.description);
  return EndpointTable<Input>{std::move(endpoint), std::move(fields), rules, std::move(extra_rules)};
}

// ---- Reading fields by name (for rules that span fields) ----

template <class Input, class T>
std::optional<T> ValueOf(const Input& in, const EndpointTable<Input>& table, const char* name) {
  for (const auto& f : table.fields) {
    if (f.description.name != name) continue;
    if (const auto* m = std::get_if<std::optional<T> Input::*>(&f.member)) return in.**m;
  }
  return std::nullopt;
}

template <class Input>
std::optional<std::string> WireOf(const Input& in, const EndpointTable<Input>& table, const char* name) {
  for (const auto& f : table.fields) {
    if (f.description.name != name) continue;
    if (const auto* m = std::get_if<ltx::EnumMember<Input>>(&f.member)) return m->get(in);
  }
  return std::nullopt;
}

// ---- JSON ----

template <class Input>
Json PutFields(const Input& in, const std::vector<ltx::FieldBinding<Input>>& fields) {
  Json body = Json::object();
  for (const auto& f : fields) {
    const char* key = f.description.name.c_str();
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, ltx::EnumMember<Input>>) {
            if (std::optional<std::string> wire = m.get(in)) body[key] = *wire;
          } else if constexpr (IsOptional<typename MemberValue<M>::type>::value) {
            PutIfSet(body, key, in.*m);
          } else {
            PutRequired(body, key, in.*m);
          }
        },
        f.member);
  }
  return body;
}

template <class Input>
std::string BodyOf(const Input& in, const EndpointTable<Input>& table, const std::string& extra_json) {
  Json body = PutFields(in, table.fields);
  MergeExtraJson(body, extra_json);
  return DumpBody(body);
}

template <class Input>
std::vector<File*> FilesOf(Input& in, const EndpointTable<Input>& table) {
  std::vector<File*> files;
  for (const auto& f : table.fields) {
    if (const auto* m = std::get_if<File Input::*>(&f.member)) files.push_back(&(in.**m));
    if (const auto* m = std::get_if<std::optional<File> Input::*>(&f.member)) {
      if (in.**m) files.push_back(&*(in.**m));
    }
  }
  return files;
}

// The closed keys of extra_json: the enum and size fields.
template <class Input>
std::vector<ExtraEnum> ExtraEnumsOf(const EndpointTable<Input>& table) {
  std::vector<ExtraEnum> out;
  for (const auto& f : table.fields) {
    const ltx::FieldDescription& d = f.description;
    if (d.type == ltx::FieldType::kEnum) out.push_back(ChoiceKey(d.name, d.choices));
    if (d.type == ltx::FieldType::kSize) {
      const bool allow_auto = !d.choices.empty() && d.choices.front() == "auto";
      out.push_back(SizeKey(d.name.c_str(), allow_auto));
    }
  }
  return out;
}

// ---- Validation ----

// The rules every row implies: required fields, bounds, files, sizes, LoRAs; then the frame grid and clip
// length when the endpoint has num_frames.
template <class Input>
void CheckFields(Checks& c, const Input& in, const EndpointTable<Input>& table) {
  const std::string* prompt = nullptr;
  const std::vector<ltx::LoraInput>* loras = nullptr;
  const char* fps_key = nullptr;
  for (const auto& f : table.fields) {
    const ltx::FieldDescription& d = f.description;
    const Loc loc = BodyLoc({d.name});
    if (d.name == "frames_per_second" || d.name == "fps") fps_key = d.name.c_str();
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, std::string Input::*>) {
            if (d.name == "prompt") prompt = &(in.*m);
            CheckRequiredText(c, loc, in.*m, "a prompt that describes the video");
          } else if constexpr (std::is_same_v<M, File Input::*>) {
            CheckFile(c, loc, in.*m, /*required=*/true);
          } else if constexpr (std::is_same_v<M, std::optional<File> Input::*>) {
            CheckOptionalFile(c, loc, in.*m);
          } else if constexpr (std::is_same_v<M, std::optional<int> Input::*>) {
            if (d.min && d.max) CheckRange(c, loc, in.*m, IntBound{int(*d.min), int(*d.max)});
          } else if constexpr (std::is_same_v<M, std::optional<double> Input::*>) {
            if (d.min && d.max) CheckRange(c, loc, in.*m, RealBound{*d.min, *d.max});
          } else if constexpr (std::is_same_v<M, std::optional<ltx::VideoSize> Input::*> ||
                               std::is_same_v<M, std::optional<ltx::VideoSizeOrAuto> Input::*>) {
            CheckSize(c, loc, in.*m, table.rules.size_align);
          } else if constexpr (std::is_same_v<M, std::vector<ltx::LoraInput> Input::*>) {
            loras = &(in.*m);
            CheckLoras(c, in.*m, table.rules.loras);
          }
        },
        f.member);
  }
  if (fps_key != nullptr) {
    CheckFrameGrid(c, ValueOf<Input, int>(in, table, "num_frames"),
                   ValueOf<Input, double>(in, table, fps_key), fps_key);
  }
  if (prompt != nullptr && loras != nullptr) CheckTriggerForLoras(c, *prompt, *loras);
}

template <class Input>
ValidationReport ValidateTable(const Input& in, const EndpointTable<Input>& table,
                               const std::string& extra_json) {
  Checks c;
  CheckFields(c, in, table);
  if (table.extra_rules) table.extra_rules(c, in);
  CheckExtraJson(c, PutFields(in, table.fields), extra_json, ExtraEnumsOf(table));
  return c.Take();
}

}  // namespace fal::internal

// The EndpointTraits members that follow from the table (Finalize is the endpoint's own). OutputParser
// is ParseQualityOutput or Parse22bOutput.
#define FALCPP_LTX_TABLE_TRAITS(Input, OutputParser)                                                  \
  ValidationReport EndpointTraits<Input>::Validate(const Input& in) {                                 \
    return internal::ValidateTable(in, internal::TableOf<Input>(), in.extra_json);                    \
  }                                                                                                   \
  std::vector<File*> EndpointTraits<Input>::Files(Input& in) {                                        \
    return internal::FilesOf(in, internal::TableOf<Input>());                                         \
  }                                                                                                   \
  std::string EndpointTraits<Input>::ToJson(const Input& in) {                                        \
    return internal::BodyOf(in, internal::TableOf<Input>(), in.extra_json);                           \
  }                                                                                                   \
  Result<EndpointTraits<Input>::Output> EndpointTraits<Input>::ParseOutput(const std::string& json) { \
    return internal::OutputParser(json, kEndpointId);                                                 \
  }                                                                                                   \
  const ltx::EndpointDescription& EndpointTraits<Input>::Description() {                              \
    return internal::TableOf<Input>().description;                                                    \
  }                                                                                                   \
  const std::vector<ltx::FieldBinding<Input>>& EndpointTraits<Input>::Fields() {                      \
    return internal::TableOf<Input>().fields;                                                         \
  }
