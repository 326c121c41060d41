// The flag tables of the four endpoint commands: one row per field of the typed input, the flag being the
// field's JSON name with dashes (file fields have short names: --video for video_url). Parsing follows
// the member's type (field_flags.hpp), so adding a field to an input is adding one row here.
#include <memory>

#include "batch_plan.hpp"
#include "commands.hpp"
#include "endpoint_command.hpp"
#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/presets.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
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

// The fields the ltx-2.3-quality inputs share (same names, types and limits on all three).
template <class Input>
std::vector<Flag<Input>> QualityFields() {
  return {
      Field("num_frames", &Input::num_frames, "frames, 9..481 (8k+1 counts: 73, 121, 241)"),
      Field("frames_per_second", &Input::frames_per_second, "1..60 (default 24)"),
      Field("num_inference_steps", &Input::num_inference_steps, "8..30 (default 15)"),
      Field("guidance_scale", &Input::guidance_scale, "1..20 (default 1)"),
      Field("generate_audio", &Input::generate_audio, "add an audio track (default true)"),
      Field("negative_prompt", &Input::negative_prompt, "what to steer away from"),
      Field("enable_prompt_expansion", &Input::enable_prompt_expansion, "let fal rewrite the prompt"),
      Field("seed", &Input::seed, "for reproducible results"),
      Field("enable_safety_checker", &Input::enable_safety_checker, "default true"),
      Field("video_quality", &Input::video_quality, "encoder quality (default high)"),
      Field("video_write_mode", &Input::video_write_mode, "encoder speed against size (default balanced)"),
      Field("sync_mode", &Input::sync_mode, "return the video inline as a data URI"),
  };
}

template <class Input>
std::vector<Flag<Input>> Concat(std::vector<Flag<Input>> a, std::vector<Flag<Input>> b) {
  a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
  return a;
}

const EndpointSpec<RenderToRealInput>& RenderToReal() {
  static const auto* spec = new EndpointSpec<RenderToRealInput>{
      "render-to-real",
      "a 3D / CG / game render made photoreal (3DREAL), keeping its layout and camera move",
      "Turns a stylised render into photoreal video with the 3DREAL IC-LoRA, keeping composition and camera\n"
      "motion. --video is required. The prompt always starts with \"3DREAL\" (prepended when missing). "
      "Budget:\n"
      "720p allows at most 145 frames (about 6 s), 480p at most 361 (about 15 s). A longer local clip:\n"
      "--split chained|parallel --out OUT.mp4 renders it in segments and stitches them "
      "(docs/long-clips.md).",
      "fal-ltx render-to-real --video examples/data/blockout_720p.mp4 \\\n"
      "      --prompt \"A rainy city street at dusk, neon reflections.\" --resolution 480p --num-frames 73 "
      "\\\n"
      "      --preset light --out out/render_to_real.mp4",
      Concat<RenderToRealInput>(
          {
              FileField("video", &RenderToRealInput::video_url,
                        "the render: a local file (uploaded) or a URL; required"),
              FileField("image", &RenderToRealInput::image_url, "a photoreal first frame to anchor the look"),
              Field("prompt", &RenderToRealInput::prompt, "the look; \"3DREAL. \" is prepended when missing"),
              Field("resolution", &RenderToRealInput::resolution, "output short side (default 720p)"),
              Field("intensity", &RenderToRealInput::intensity, "which 3DREAL adapter (default light)"),
              Field("enable_detail_refine", &RenderToRealInput::enable_detail_refine,
                    "2x each side, about 4x the price"),
              Field("detail_refine_strength", &RenderToRealInput::detail_refine_strength,
                    "0.3..0.95 (default 0.75)"),
          },
          QualityFields<RenderToRealInput>()),
      "light|strong|strong-v2",
      "the 3DREAL adapter: light is faithful, strong more photoreal, strong-v2 newest",
      [](RenderToRealInput& in, std::string_view name) -> fal::Result<void> {
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
      },
      nullptr,
  };
  return *spec;
}

const EndpointSpec<ReferenceVideoToVideoLoraInput>& ReferenceVideoToVideo() {
  using In = ReferenceVideoToVideoLoraInput;
  static const auto* spec = new EndpointSpec<In>{
      "reference-video-to-video",
      "video from a reference video's motion, a prompt, keyframes and up to 3 LoRAs",
      "Video following a reference video's motion and structure, with a prompt, optional keyframes\n"
      "(--image, --mid-image, --end-image) and 1 to 3 LoRAs. --prompt, --video and --lora are required\n"
      "(--preset strong adds the 3DREAL Strong LoRA, 1280x704, and the trigger). Above about 150 frames at "
      "a\n"
      "720p-class size fal may return a shorter video.",
      "fal-ltx reference-video-to-video --video examples/data/blockout_720p.mp4 \\\n"
      "      --prompt \"3DREAL. A grand ballroom.\" --preset strong --num-frames 73 --out out/rv2v.mp4",
      Concat<In>(
          {
              Field("prompt", &In::prompt, "what the video shows; required"),
              FileField("video", &In::video_url, "the reference video: a local file or a URL; required"),
              LoraFlag(&In::loras,
                       "a LoRA: .safetensors URL or local file, optional :SCALE (1 to 3 of them)"),
              FileField("control-video", &In::control_video_url,
                        "a pre-computed control video (depth, edges, pose)"),
              Field("skip_control_preprocess", &In::skip_control_preprocess, "use --control-video as is"),
              Field("preserve_original_video", &In::preserve_original_video,
                    "true video-to-video (needs --skip-control-preprocess)"),
              FileField("image", &In::image_url, "first-frame keyframe"),
              FileField("mid-image", &In::mid_image_url, "middle keyframe (needs --image)"),
              FileField("end-image", &In::end_image_url, "last keyframe (needs --image)"),
              Field("video_strength", &In::video_strength, "0..1: lower frees the model from the reference"),
              Field("strength", &In::strength, "0..1 denoise strength"),
              Field("resolution", &In::resolution, "output size (default auto; 64-aligned)"),
          },
          QualityFields<In>()),
      "strong",
      "the 3DREAL Strong LoRA at 1280x704 with the trigger and prompt expansion off",
      [](In& in, std::string_view name) -> fal::Result<void> {
        if (name != "strong") return Invalid("'" + std::string(name) + "' is not one of strong");
        const In preset = fal::ltx::presets::StrongLora(
            in.video_url, in.prompt.empty() ? std::nullopt : std::optional<std::string>(in.prompt));
        in.prompt = preset.prompt;
        in.loras.insert(in.loras.begin(), preset.loras.begin(), preset.loras.end());
        if (!in.resolution) in.resolution = preset.resolution;
        if (!in.enable_prompt_expansion) in.enable_prompt_expansion = preset.enable_prompt_expansion;
        return {};
      },
      [](In& in) { return &in.loras; },
  };
  return *spec;
}

const EndpointSpec<ImageToVideoInput>& ImageToVideo() {
  using In = ImageToVideoInput;
  static const auto* spec = new EndpointSpec<In>{
      "image-to-video",
      "a video with audio from a starting image and a prompt",
      "A video (with audio) that starts from an image and follows a prompt. --prompt and --image are "
      "required.",
      "fal-ltx image-to-video --image examples/data/reference_frame.png \\\n"
      "      --prompt \"The camera slowly pans right as a car drives by.\" --num-frames 121 --out "
      "out/i2v.mp4",
      Concat<In>(
          {
              Field("prompt", &In::prompt, "what happens; required"),
              FileField("image", &In::image_url, "the starting image: a local file or a URL; required"),
              Field("resolution", &In::resolution, "output size (default auto: the image's aspect)"),
              Field("image_strength", &In::image_strength,
                    "0..1: 1 keeps the first frame exactly (default 0.7)"),
          },
          QualityFields<In>()),
      "",
      "",
      nullptr,
      nullptr,
  };
  return *spec;
}

const EndpointSpec<TextToVideoLoraInput>& TextToVideo() {
  using In = TextToVideoLoraInput;
  static const auto* spec = new EndpointSpec<In>{
      "text-to-video",
      "a video with audio from a prompt (22B model, with LoRAs)",
      "A video (with audio) from a prompt on the LTX-2.3 22B model, with any number of LoRAs (a URL, a\n"
      "Hugging Face repo id owner/repo, or a local .safetensors file). --prompt is required.",
      "fal-ltx text-to-video --prompt \"A cowboy walks through a dusty town at high noon.\" \\\n"
      "      --lora https://example.com/western.safetensors:0.8 --camera-lora dolly_in --out out/t2v.mp4",
      {
          Field("prompt", &In::prompt, "what the video shows; required"),
          LoraFlag(&In::loras, "a LoRA: URL, HF repo id or local file, optional :SCALE (0..4)"),
          Field("num_frames", &In::num_frames, "frames, 9..481 (default 121)"),
          Field("video_size", &In::video_size, "output size (default landscape_16_9)"),
          Field("generate_audio", &In::generate_audio, "add an audio track (default true)"),
          Field("use_multiscale", &In::use_multiscale, "a small-scale pass first (default true)"),
          Field("fps", &In::fps, "1..60 (default 24)"),
          Field("num_inference_steps", &In::num_inference_steps, "8..50"),
          Field("video_cfg_scale", &In::video_cfg_scale, "1..20"),
          Field("video_stg_scale", &In::video_stg_scale, "0..20"),
          Field("video_rescaling_scale", &In::video_rescaling_scale, "0..1"),
          Field("video_modality_scale", &In::video_modality_scale, "0..10"),
          Field("audio_cfg_scale", &In::audio_cfg_scale, "1..20"),
          Field("audio_stg_scale", &In::audio_stg_scale, "0..20"),
          Field("audio_rescaling_scale", &In::audio_rescaling_scale, "0..1"),
          Field("audio_modality_scale", &In::audio_modality_scale, "0..10"),
          Field("gradient_estimation_gamma", &In::gradient_estimation_gamma, "0..10; 0 disables"),
          Field("use_restart_sampling", &In::use_restart_sampling, "inject a little noise per step"),
          Field("scheduler", &In::scheduler, "sampling schedule"),
          Field("acceleration", &In::acceleration, "speed against quality"),
          Field("camera_lora", &In::camera_lora, "a built-in camera move"),
          Field("camera_lora_scale", &In::camera_lora_scale, "0..1"),
          Field("negative_prompt", &In::negative_prompt, "what to steer away from"),
          Field("seed", &In::seed, "for reproducible results"),
          Field("enable_prompt_expansion", &In::enable_prompt_expansion, "let fal rewrite the prompt"),
          Field("enable_safety_checker", &In::enable_safety_checker, "default true"),
          Field("video_output_type", &In::video_output_type, "container and codec"),
          Field("video_quality", &In::video_quality, "encoder quality"),
          Field("video_write_mode", &In::video_write_mode, "encoder speed against size"),
          Field("sync_mode", &In::sync_mode, "return the video inline as a data URI"),
          Field("distill_lora_first_pass_scale", &In::distill_lora_first_pass_scale, "0..1; 0 disables"),
          Field("distill_lora_second_pass_scale", &In::distill_lora_second_pass_scale, "0..1"),
      },
      "",
      "",
      nullptr,
      [](In& in) { return &in.loras; },
  };
  return *spec;
}

template <class Input>
Command CommandFor(const EndpointSpec<Input>& spec) {
  return Command{spec.command, spec.command + " [options]", spec.summary,
                 [&spec] { return EndpointHelp(spec); },
                 [&spec](Context& ctx, const std::vector<std::string>& args) {
                   return RunEndpointCommand(ctx, spec, args);
                 }};
}

}  // namespace

std::vector<Command> EndpointCommands() {
  return {CommandFor(RenderToReal()), CommandFor(ReferenceVideoToVideo()), CommandFor(ImageToVideo()),
          CommandFor(TextToVideo())};
}

std::string ResolveEndpoint(std::string_view name_or_id) {
  struct Alias {
    std::string_view name;
    const char* id;
  };
  static const Alias kAliases[] = {
      {"render-to-real", fal::EndpointTraits<RenderToRealInput>::kEndpointId},
      {"reference-video-to-video", fal::EndpointTraits<ReferenceVideoToVideoLoraInput>::kEndpointId},
      {"image-to-video", fal::EndpointTraits<ImageToVideoInput>::kEndpointId},
      {"text-to-video", fal::EndpointTraits<TextToVideoLoraInput>::kEndpointId},
  };
  for (const Alias& a : kAliases) {
    if (a.name == name_or_id) return a.id;
  }
  return std::string(name_or_id);
}

BatchJobPlan PlanBatchJob(const std::string& endpoint, const nlohmann::json& input,
                          const std::filesystem::path& base_dir) {
  const std::string id = ResolveEndpoint(endpoint);
  if (id == fal::EndpointTraits<RenderToRealInput>::kEndpointId)
    return PlanTypedJob(RenderToReal(), input, base_dir);
  if (id == fal::EndpointTraits<ReferenceVideoToVideoLoraInput>::kEndpointId) {
    return PlanTypedJob(ReferenceVideoToVideo(), input, base_dir);
  }
  if (id == fal::EndpointTraits<ImageToVideoInput>::kEndpointId)
    return PlanTypedJob(ImageToVideo(), input, base_dir);
  if (id == fal::EndpointTraits<TextToVideoLoraInput>::kEndpointId)
    return PlanTypedJob(TextToVideo(), input, base_dir);
  BatchJobPlan unknown;
  unknown.endpoint = id;
  unknown.findings.push_back("endpoint: '" + endpoint +
                             "' is not one of fal-ltx's endpoints: render-to-real, reference-video-to-video, "
                             "image-to-video, text-to-video (or their ids)");
  return unknown;
}

std::string DefaultJobEndpoint() { return fal::EndpointTraits<RenderToRealInput>::kEndpointId; }

}  // namespace fal::cli
