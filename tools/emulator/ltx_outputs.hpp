// Outputs shaped as fal's pages show them: {video: File, seed, prompt} on the ltx-2.3-quality
// endpoints; the 22b endpoint's video is a VideoFile that adds width, height, fps, num_frames and
// duration (taken from the request, since the emulator does not render).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "endpoints.hpp"
#include "ltx_input_rules.hpp"

namespace fal::emulator {

inline constexpr const char* kRealTrigger = "3DREAL";
// What prompt expansion appends: fixed, so tests can predict the final prompt.
inline constexpr const char* kExpansionSentence =
    "Photorealistic detail, natural lighting, realistic materials and a steady cinematic camera.";

struct OutputVideo {
  std::string url;  // an emulator file URL, or a data URI in sync_mode
  std::string file_name;
  std::uint64_t file_size = 0;
};

// The prompt fal's server answers with: on render-to-real the 3DREAL trigger is guaranteed at the
// start ("3DREAL. " is prepended when missing); when prompt expansion is on (render-to-real: off by
// default, the others: on) the expansion sentence is appended.
std::string FinalPrompt(EndpointKind kind, const nlohmann::json& input);

// The source video of endpoints that transform one (render-to-real, reference-video-to-video(/lora),
// extend-video(/lora), the IC-LoRA effects).
std::optional<std::string> SourceVideoUrl(EndpointKind kind, const nlohmann::json& input);

nlohmann::json BuildLtxOutput(EndpointKind kind, const nlohmann::json& input, const OutputVideo& video,
                              std::int64_t seed);

}  // namespace fal::emulator
