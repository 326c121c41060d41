#include "fal/ltx/describe.hpp"

#include "fal/ltx/distilled.hpp"
#include "fal/ltx/extend_video.hpp"
#include "fal/ltx/extend_video_22b.hpp"
#include "fal/ltx/ic_lora_effects.hpp"
#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/image_to_video_22b.hpp"
#include "fal/ltx/quality_text_to_video.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "ltx/rules.hpp"

namespace fal::ltx {

std::string_view ToString(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kNumber:
      return "number";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kEnum:
      return "enum";
    case FieldType::kSize:
      return "size";
    case FieldType::kFile:
      return "file";
    case FieldType::kLoras:
      return "loras";
  }
  return "";
}

const FieldDescription* EndpointDescription::Find(std::string_view name) const {
  for (const FieldDescription& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const std::vector<const EndpointDescription*>& TypedEndpoints() {
  static const auto* all = new std::vector<const EndpointDescription*>{
      &EndpointTraits<RenderToRealInput>::Description(),
      &EndpointTraits<ReferenceVideoToVideoLoraInput>::Description(),
      &EndpointTraits<ReferenceVideoToVideoInput>::Description(),
      &EndpointTraits<ImageToVideoInput>::Description(),
      &EndpointTraits<ImageToVideoLoraInput>::Description(),
      &EndpointTraits<QualityTextToVideoInput>::Description(),
      &EndpointTraits<QualityTextToVideoLoraInput>::Description(),
      &EndpointTraits<ExtendVideoInput>::Description(),
      &EndpointTraits<ExtendVideoLoraInput>::Description(),
      &EndpointTraits<CleanPlateInput>::Description(),
      &EndpointTraits<ColorizationInput>::Description(),
      &EndpointTraits<CrossEyedInput>::Description(),
      &EndpointTraits<DayToNightInput>::Description(),
      &EndpointTraits<DeblurInput>::Description(),
      &EndpointTraits<DecompressionInput>::Description(),
      &EndpointTraits<InstantShaveInput>::Description(),
      &EndpointTraits<WaterSimulationInput>::Description(),
      &EndpointTraits<TextToVideoLoraInput>::Description(),
      &EndpointTraits<Ltx22bTextToVideoInput>::Description(),
      &EndpointTraits<Ltx22bImageToVideoInput>::Description(),
      &EndpointTraits<Ltx22bImageToVideoLoraInput>::Description(),
      &EndpointTraits<Ltx22bDistilledTextToVideoLoraInput>::Description(),
      &EndpointTraits<Ltx22bDistilledImageToVideoLoraInput>::Description(),
      &EndpointTraits<Ltx22bExtendVideoInput>::Description(),
      &EndpointTraits<Ltx22bExtendVideoLoraInput>::Description(),
  };
  return *all;
}

const EndpointDescription* FindTypedEndpoint(std::string_view id_or_command) {
  for (const EndpointDescription* e : TypedEndpoints()) {
    if (e->id == id_or_command || (!e->command.empty() && e->command == id_or_command)) return e;
  }
  return nullptr;
}

namespace {

std::string Joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

std::string Limits(const FieldDescription& f) {
  if (f.min && f.max) return internal::FormatNumber(*f.min) + ".." + internal::FormatNumber(*f.max);
  if (f.type == FieldType::kEnum) return Joined(f.choices);
  if (f.type == FieldType::kSize) return Joined(f.choices) + " or {width, height}";
  return "";
}

// A table cell: a pipe would end the cell.
std::string Cell(std::string text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::string FieldsMarkdown(const EndpointDescription& endpoint) {
  std::string out =
      "| field | type | required | default | limits | description |\n"
      "|---|---|---|---|---|---|\n";
  for (const FieldDescription& f : endpoint.fields) {
    out += "| `" + f.name + "` | " + std::string(ToString(f.type)) + " | " + (f.required ? "yes" : "") +
           " | " + Cell(f.documented_default) + " | " + Cell(Limits(f)) + " | " + Cell(f.help) + " |\n";
  }
  return out;
}

}  // namespace fal::ltx
