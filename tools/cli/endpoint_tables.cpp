// The endpoint commands: one per typed endpoint, named by its id (fal-ltx fal-ai/ltx-2.3-quality/deblur),
// plus the short names of the common ones. Flags and help come from the library's description of each
// endpoint (field_flags.hpp); what is written here is only what a description does not hold: the long
// help and example of the short-named commands, and their --preset.
#include <algorithm>
#include <memory>

#include "batch_plan.hpp"
#include "commands.hpp"
#include "endpoint_command.hpp"
#include "exit_codes.hpp"
#include "fal/ltx/presets.hpp"
#include "field_flags.hpp"

namespace fal::cli {
namespace {

using fal::ltx::ImageToVideoInput;
using fal::ltx::ReferenceVideoToVideoLoraInput;
using fal::ltx::RenderToRealInput;
using fal::ltx::TextToVideoLoraInput;

fal::Error Invalid(std::string message) {
  return fal::Error(fal::ErrorCode::kInvalidArgument, std::move(message));
}

// The spec every endpoint has: its fields, its summary and budget. `command` is the name it runs under.
template <class Input>
EndpointSpec<Input> DescribedSpec(std::string command) {
  const fal::ltx::EndpointDescription& d = fal::EndpointTraits<Input>::Description();
  EndpointSpec<Input> spec;
  spec.command = std::move(command);
  spec.summary = d.summary;
  spec.description = d.summary + ".";
  if (!d.budget.empty()) spec.description += "\nBudget: " + d.budget;
  spec.description += "\nRequired:";
  for (const fal::ltx::FieldDescription& f : d.fields) {
    if (f.required) spec.description += " --" + f.flag;
  }
  spec.example = "fal-ltx " + d.id;
  for (const fal::ltx::FieldDescription& f : d.fields) {
    if (!f.required) continue;
    const bool image = f.name.find("image") != std::string::npos;
    switch (f.type) {
      case fal::ltx::FieldType::kFile:
        spec.example += " --" + f.flag + (image ? " start.png" : " clip.mp4");
        break;
      case fal::ltx::FieldType::kLoras:
        spec.example += " --" + f.flag + " https://example.com/style.safetensors";
        break;
      default:
        spec.example += " --" + f.flag + " \"A slow dolly-in at dusk.\"";
    }
  }
  spec.example += " --out out/video.mp4";
  spec.fields = FieldFlags<Input>();
  spec.loras = &LorasOf<Input>;
  return spec;
}

// The short-named commands: the described spec with a long help, an example and presets.
template <class Input>
EndpointSpec<Input> Short(EndpointSpec<Input> spec, std::string description, std::string example) {
  spec.description = std::move(description);
  spec.example = std::move(example);
  return spec;
}

EndpointSpec<RenderToRealInput> RenderToReal(std::string command) {
  EndpointSpec<RenderToRealInput> spec = DescribedSpec<RenderToRealInput>(std::move(command));
  spec.description =
      "Turns a stylised render into photoreal video with the 3DREAL IC-LoRA, keeping composition and camera\n"
      "motion. --video is required. The prompt always starts with \"3DREAL\" (prepended when missing). "
      "Budget:\n"
      "720p allows at most 145 frames (about 6 s), 480p at most 361 (about 15 s). A longer local clip:\n"
      "--split chained|parallel --out OUT.mp4 renders it in segments and stitches them "
      "(docs/long-clips.md).";
  spec.example =
      "fal-ltx render-to-real --video examples/data/blockout_720p.mp4 \\\n"
      "      --prompt \"A rainy city street at dusk, neon reflections.\" --resolution 480p --num-frames 73 "
      "\\\n"
      "      --preset light --out out/render_to_real.mp4";
  spec.preset_choices = "light|strong|strong-v2";
  spec.preset_help = "the 3DREAL adapter: light is faithful, strong more photoreal, strong-v2 newest";
  spec.apply_preset = [](RenderToRealInput& in, std::string_view name) -> fal::Result<void> {
    fal::Result<fal::ltx::Intensity> intensity = ParseEnum<fal::ltx::Intensity>(name);
    if (!intensity) return intensity.error();
    if (in.intensity && *in.intensity != *intensity) {
      return Invalid("'" + std::string(name) + "' contradicts --intensity " +
                     std::string(fal::ltx::ToString(*in.intensity)) + ": give one of them");
    }
    const RenderToRealInput preset = fal::ltx::presets::RenderToReal(*intensity, in.video_url, in.prompt);
    in.intensity = preset.intensity;
    in.prompt = preset.prompt;
    return {};
  };
  return spec;
}

EndpointSpec<ReferenceVideoToVideoLoraInput> ReferenceVideoToVideo(std::string command) {
  using In = ReferenceVideoToVideoLoraInput;
  EndpointSpec<In> spec = DescribedSpec<In>(std::move(command));
  spec.description =
      "Video following a reference video's motion and structure, with a prompt, optional keyframes\n"
      "(--image, --mid-image, --end-image) and 1 to 3 LoRAs. --prompt, --video and --lora are required\n"
      "(--preset strong adds the 3DREAL Strong LoRA, 1280x704, and the trigger). Above about 150 frames at "
      "a\n"
      "720p-class size fal may return a shorter video.";
  spec.example =
      "fal-ltx reference-video-to-video --video examples/data/blockout_720p.mp4 \\\n"
      "      --prompt \"3DREAL. A grand ballroom.\" --preset strong --num-frames 73 --out out/rv2v.mp4";
  spec.preset_choices = "strong";
  spec.preset_help = "the 3DREAL Strong LoRA at 1280x704 with the trigger and prompt expansion off";
  spec.apply_preset = [](In& in, std::string_view name) -> fal::Result<void> {
    if (name != "strong") return Invalid("'" + std::string(name) + "' is not one of strong");
    const In preset = fal::ltx::presets::StrongLora(
        in.video_url, in.prompt.empty() ? std::nullopt : std::optional<std::string>(in.prompt));
    in.prompt = preset.prompt;
    in.loras.insert(in.loras.begin(), preset.loras.begin(), preset.loras.end());
    if (!in.resolution) in.resolution = preset.resolution;
    if (!in.enable_prompt_expansion) in.enable_prompt_expansion = preset.enable_prompt_expansion;
    return {};
  };
  return spec;
}

EndpointSpec<ImageToVideoInput> ImageToVideo(std::string command) {
  EndpointSpec<ImageToVideoInput> spec = DescribedSpec<ImageToVideoInput>(std::move(command));
  spec.description =
      "A video (with audio) that starts from an image and follows a prompt. --prompt and --image are "
      "required.";
  spec.example =
      "fal-ltx image-to-video --image examples/data/reference_frame.png \\\n"
      "      --prompt \"The camera slowly pans right as a car drives by.\" --num-frames 121 --out "
      "out/i2v.mp4";
  return spec;
}

EndpointSpec<TextToVideoLoraInput> TextToVideo(std::string command) {
  EndpointSpec<TextToVideoLoraInput> spec = DescribedSpec<TextToVideoLoraInput>(std::move(command));
  spec.description =
      "A video (with audio) from a prompt on the LTX-2.3 22B model, with any number of LoRAs (a URL, a\n"
      "Hugging Face repo id owner/repo, or a local .safetensors file). --prompt is required.";
  spec.example =
      "fal-ltx text-to-video --prompt \"A cowboy walks through a dusty town at high noon.\" \\\n"
      "      --lora https://example.com/western.safetensors:0.8 --camera-lora dolly_in --out out/t2v.mp4";
  return spec;
}

// The spec of each input, under a name: the short-named endpoints keep their long help and presets under
// both names.
template <class Input>
EndpointSpec<Input> SpecNamed(std::string command) {
  if constexpr (std::is_same_v<Input, RenderToRealInput>) return RenderToReal(std::move(command));
  if constexpr (std::is_same_v<Input, ReferenceVideoToVideoLoraInput>)
    return ReferenceVideoToVideo(std::move(command));
  if constexpr (std::is_same_v<Input, ImageToVideoInput>) return ImageToVideo(std::move(command));
  if constexpr (std::is_same_v<Input, TextToVideoLoraInput>) return TextToVideo(std::move(command));
  return DescribedSpec<Input>(std::move(command));
}

template <class Input>
const EndpointSpec<Input>& SpecById() {
  static const auto* spec =
      new EndpointSpec<Input>(SpecNamed<Input>(fal::EndpointTraits<Input>::kEndpointId));
  return *spec;
}

template <class Input>
Command CommandFor(std::string name) {
  auto spec = std::make_shared<const EndpointSpec<Input>>(SpecNamed<Input>(name));
  return Command{name, name + " [options]", spec->summary, [spec] { return EndpointHelp(*spec); },
                 [spec](Context& ctx, const std::vector<std::string>& args) {
                   return RunEndpointCommand(ctx, *spec, args);
                 }};
}

}  // namespace

std::vector<Command> EndpointCommands() {
  std::vector<Command> commands;
#define FALCPP_CLI_SHORT_COMMAND(Input)                           \
  if (!fal::EndpointTraits<Input>::Description().command.empty()) \
    commands.push_back(CommandFor<Input>(fal::EndpointTraits<Input>::Description().command));
  FALCPP_CLI_FOR_EACH_INPUT(FALCPP_CLI_SHORT_COMMAND)
#undef FALCPP_CLI_SHORT_COMMAND
  commands.push_back(Command{
      "endpoints", "endpoints", "list every typed endpoint, one line each (run one as fal-ltx ENDPOINT_ID)",
      [] {
        return std::string(
            "Usage: fal-ltx endpoints\n\n"
            "Lists every endpoint fal-ltx types, one line each: its id, its short command name (or -) and "
            "what it\n"
            "does. Run one as 'fal-ltx ENDPOINT_ID [flags]'; 'fal-ltx ENDPOINT_ID --help' shows its "
            "flags.\n");
      },
      [](Context& ctx, const std::vector<std::string>& args) {
        if (!args.empty()) {
          ctx.console.Err("fal-ltx endpoints: unexpected argument '" + args.front() + "'");
          return kExitInvalidInput;
        }
        for (const fal::ltx::EndpointDescription* d : fal::ltx::TypedEndpoints()) {
          std::string line = d->id;
          line.resize(std::max<std::size_t>(line.size() + 2, 58), ' ');
          std::string name = d->command.empty() ? "-" : d->command;
          name.resize(std::max<std::size_t>(name.size() + 2, 26), ' ');
          ctx.console.Out(line + name + d->summary);
        }
        return kExitOk;
      }});
  return commands;
}

std::vector<Command> EndpointIdCommands() {
  std::vector<Command> commands;
#define FALCPP_CLI_ID_COMMAND(Input) \
  commands.push_back(CommandFor<Input>(fal::EndpointTraits<Input>::kEndpointId));
  FALCPP_CLI_FOR_EACH_INPUT(FALCPP_CLI_ID_COMMAND)
#undef FALCPP_CLI_ID_COMMAND
  return commands;
}

std::string ResolveEndpoint(std::string_view name_or_id) {
  if (const fal::ltx::EndpointDescription* d = fal::ltx::FindTypedEndpoint(name_or_id)) return d->id;
  return std::string(name_or_id);
}

BatchJobPlan PlanBatchJob(const std::string& endpoint, const nlohmann::json& input,
                          const std::filesystem::path& base_dir) {
  const std::string id = ResolveEndpoint(endpoint);
#define FALCPP_CLI_PLAN(Input) \
  if (id == fal::EndpointTraits<Input>::kEndpointId) return PlanTypedJob(SpecById<Input>(), input, base_dir);
  FALCPP_CLI_FOR_EACH_INPUT(FALCPP_CLI_PLAN)
#undef FALCPP_CLI_PLAN
  BatchJobPlan unknown;
  unknown.endpoint = id;
  unknown.findings.push_back(
      "endpoint: '" + endpoint +
      "' is not one of fal-ltx's endpoints: render-to-real, reference-video-to-video, "
      "image-to-video, text-to-video or a typed endpoint id (fal-ltx endpoints lists them)");
  return unknown;
}

std::string DefaultJobEndpoint() { return fal::EndpointTraits<RenderToRealInput>::kEndpointId; }

}  // namespace fal::cli
