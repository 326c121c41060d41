// Every typed endpoint's command (`fal-ltx ENDPOINT_ID`, and the short names render-to-real,
// reference-video-to-video, image-to-video, text-to-video) is one template over the typed input: an
// EndpointSpec gives the flags of the input's fields (from the library's description of the endpoint), and
// RunEndpointCommand parses, validates, uploads, submits, waits and downloads through falcpp.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "fal/ltx/common.hpp"
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
#include "flags.hpp"

namespace fal::cli {

template <class Input>
struct EndpointSpec {
  std::string command;      // "render-to-real"
  std::string summary;      // one line, for the tool's --help
  std::string description;  // a paragraph, for the command's --help
  std::string example;      // a full command line
  std::vector<Flag<Input>>
      fields;  // one per field of Input (FieldFlags): the whole mapping from flags to JSON
  // --preset: its choices ("light|strong|strong-v2"), help, and how it changes the input; applied after
  // every other flag, so explicit fields win. Empty choices: no --preset.
  std::string preset_choices;
  std::string preset_help;
  std::function<fal::Result<void>(Input&, std::string_view preset)> apply_preset;
  // The input's LoRA list, or null (local LoRA files are uploaded like File fields).
  std::vector<fal::ltx::LoraInput>* (*loras)(Input&) = nullptr;
};

// Applies M to each typed input (for explicit instantiations of the per-endpoint templates and the list of
// endpoint commands): adding an endpoint to fal-ltx is adding its input here.
#define FALCPP_CLI_FOR_EACH_INPUT(M)               \
  M(fal::ltx::RenderToRealInput)                   \
  M(fal::ltx::ReferenceVideoToVideoLoraInput)      \
  M(fal::ltx::ReferenceVideoToVideoInput)          \
  M(fal::ltx::ImageToVideoInput)                   \
  M(fal::ltx::ImageToVideoLoraInput)               \
  M(fal::ltx::QualityTextToVideoInput)             \
  M(fal::ltx::QualityTextToVideoLoraInput)         \
  M(fal::ltx::ExtendVideoInput)                    \
  M(fal::ltx::ExtendVideoLoraInput)                \
  M(fal::ltx::CleanPlateInput)                     \
  M(fal::ltx::ColorizationInput)                   \
  M(fal::ltx::CrossEyedInput)                      \
  M(fal::ltx::DayToNightInput)                     \
  M(fal::ltx::DeblurInput)                         \
  M(fal::ltx::DecompressionInput)                  \
  M(fal::ltx::InstantShaveInput)                   \
  M(fal::ltx::WaterSimulationInput)                \
  M(fal::ltx::TextToVideoLoraInput)                \
  M(fal::ltx::Ltx22bTextToVideoInput)              \
  M(fal::ltx::Ltx22bImageToVideoInput)             \
  M(fal::ltx::Ltx22bImageToVideoLoraInput)         \
  M(fal::ltx::Ltx22bExtendVideoInput)              \
  M(fal::ltx::Ltx22bExtendVideoLoraInput)          \
  M(fal::ltx::Ltx22bDistilledTextToVideoLoraInput) \
  M(fal::ltx::Ltx22bDistilledImageToVideoLoraInput)

// Runs an endpoint command with the words after its name. Returns the exit code.
template <class Input>
int RunEndpointCommand(Context& ctx, const EndpointSpec<Input>& spec, const std::vector<std::string>& args);

// The help text of an endpoint command.
template <class Input>
std::string EndpointHelp(const EndpointSpec<Input>& spec);

}  // namespace fal::cli
