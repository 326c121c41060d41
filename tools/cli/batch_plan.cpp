#include "batch_plan.hpp"

#include "clip_probe.hpp"
#include "command_options.hpp"
#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "fal/prepare.hpp"
#include "fal/validation.hpp"
#include "steps.hpp"
#include "values.hpp"

namespace fal::cli {
namespace {

using nlohmann::json;

// File fields are flags without "_url" (video_url is --video, mid_image_url --mid-image).
std::vector<std::string> FlagNamesFor(const std::string& key) {
  std::string dashed = key;
  for (char& c : dashed) {
    if (c == '_') c = '-';
  }
  std::vector<std::string> names{dashed};
  const std::string suffix = "-url";
  if (dashed.size() > suffix.size() &&
      dashed.compare(dashed.size() - suffix.size(), suffix.size(), suffix) == 0) {
    names.push_back(dashed.substr(0, dashed.size() - suffix.size()));
  }
  return names;
}

// A relative local path is taken from the manifest's directory; URLs and absolute paths stay.
std::string Located(const std::string& value, const std::filesystem::path& base_dir) {
  if (value.empty() || IsRemote(value) || value.rfind("data:", 0) == 0) return value;
  const std::filesystem::path path(value);
  return path.is_absolute() ? value : (base_dir / path).lexically_normal().string();
}

// The flag value of a JSON value: strings as they are, sizes as WxH, other scalars as JSON text.
bool FlagValue(const json& value, std::string& out) {
  if (value.is_string()) {
    out = value.get<std::string>();
  } else if (value.is_boolean() || value.is_number()) {
    out = value.dump();
  } else if (value.is_object() && value.size() == 2 && value.contains("width") && value.contains("height") &&
             value["width"].is_number_integer() && value["height"].is_number_integer()) {
    out = value["width"].dump() + "x" + value["height"].dump();
  } else {
    return false;
  }
  return true;
}

// A "loras" entry as the --lora flag takes it: PATH[:SCALE].
bool LoraValue(const json& lora, const std::filesystem::path& base_dir, std::string& out) {
  if (lora.is_string()) {
    out = Located(lora.get<std::string>(), base_dir);
    return true;
  }
  if (!lora.is_object() || !lora.contains("path") || !lora["path"].is_string()) return false;
  for (const auto& [key, value] : lora.items()) {
    if (key != "path" && key != "scale") return false;
  }
  out = Located(lora["path"].get<std::string>(), base_dir);
  if (lora.contains("scale")) {
    if (!lora["scale"].is_number()) return false;
    out += ":" + lora["scale"].dump();
  }
  return true;
}

}  // namespace

template <class Input>
BatchJobPlan PlanTypedJob(const EndpointSpec<Input>& spec, const nlohmann::json& input,
                          const std::filesystem::path& base_dir) {
  using Traits = fal::EndpointTraits<Input>;
  BatchJobPlan plan;
  plan.endpoint = Traits::kEndpointId;
  Input typed{};
  auto set = [&](const std::string& key, const std::string& flag_name, const std::string& value) {
    for (const Flag<Input>& f : spec.fields) {
      if (f.name != flag_name) continue;
      if (fal::Result<void> ok = f.set(typed, value); !ok)
        plan.findings.push_back(key + ": " + ok.error().message());
      return true;
    }
    return false;
  };
  for (const auto& [key, value] : input.items()) {
    if (key == "loras" && spec.loras != nullptr) {
      if (!value.is_array()) {
        plan.findings.push_back("loras: give an array of {\"path\", \"scale\"} objects or strings");
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        std::string lora;
        if (!LoraValue(value[i], base_dir, lora)) {
          plan.findings.push_back(
              "loras[" + std::to_string(i) +
              "]: give a path string or {\"path\": PATH_OR_URL, \"scale\": X} (other LoRA "
              "fields are not supported in a manifest)");
        } else {
          set("loras[" + std::to_string(i) + "]", "lora", lora);
        }
      }
      continue;
    }
    std::string text;
    if (!FlagValue(value, text)) {
      plan.findings.push_back(key + ": " + value.dump() + " is not a value this field takes");
      continue;
    }
    const std::vector<std::string> names = FlagNamesFor(key);
    if (names.size() > 1) text = Located(text, base_dir);  // a file field
    bool known = false;
    for (const std::string& name : names) known = known || set(key, name, text);
    if (!known) plan.findings.push_back(key + ": not a field of " + plan.endpoint);
  }
  if (!plan.findings.empty()) return plan;
  // As a typed submit prepares it: finalized, fitted to its local clip, validated, its cost estimated.
  fal::PrepareSettings settings;
  settings.clip_probe = CliClipProbe();
  fal::PreparedInput<Input> prepared = fal::PrepareInput(typed, settings);
  typed = std::move(prepared.input);
  const fal::ValidationReport& report = prepared.report;
  for (const fal::FieldError& e : report.Errors()) plan.findings.push_back(e.Path() + ": " + e.msg);
  for (const fal::FieldError& w : report.Warnings()) plan.warnings.push_back(w.Path() + ": " + w.msg);

  Input shown = typed;
  for (fal::File* f : Traits::Files(shown)) {
    if (f->NeedsUpload()) plan.files.push_back(f->path().string());
  }
  std::vector<fal::ltx::LoraInput>* loras = spec.loras != nullptr ? spec.loras(shown) : nullptr;
  if (loras != nullptr) {
    for (const fal::ltx::LoraInput& lora : *loras) {
      std::error_code ec;
      if (!IsRemote(lora.path) && std::filesystem::is_regular_file(lora.path, ec))
        plan.files.push_back(lora.path);
    }
  }
  MarkLocalLoras(loras);
  plan.intent_body = Traits::ToJson(shown);
  plan.cost = std::move(prepared.cost);
  auto lora_of = spec.loras;
  plan.prepare = [typed, lora_of](Context& ctx, Progress& progress,
                                  const fal::Client& client) mutable -> fal::Result<std::string> {
    Input sent = typed;  // each attempt uploads afresh from the paths
    CommandOptions options;
    if (fal::Result<void> ok = UploadLocalInputs(ctx, progress, client, options, Traits::Files(sent),
                                                 lora_of != nullptr ? lora_of(sent) : nullptr);
        !ok) {
      return ok.error();
    }
    return Traits::ToJson(sent);
  };
  return plan;
}

#define FALCPP_CLI_INSTANTIATE(Input)                                                          \
  template BatchJobPlan PlanTypedJob<Input>(const EndpointSpec<Input>&, const nlohmann::json&, \
                                            const std::filesystem::path&);
FALCPP_CLI_FOR_EACH_INPUT(FALCPP_CLI_INSTANTIATE)
#undef FALCPP_CLI_INSTANTIATE

}  // namespace fal::cli
