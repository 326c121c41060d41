#pragma once
/// @file
/// Ready-made 3DREAL requests: render-to-real at each intensity, and the Strong LoRA through
/// reference-video-to-video/lora. Every preset's prompt starts with the 3DREAL trigger (fal/ltx/trigger.hpp).
///
/// Which one (seed 001, the 3DREAL summary):
/// - Light: faithful to the render's composition, motion and layout, fewest hallucinations. For production
///   pipelines where the blockout is final and only the look must change. The endpoint's default adapter.
/// - Strong: a harder photoreal push with more detail, often better on complex, busy scenes, but it may drift
///   from the input geometry.
/// - Strong-v2: the newest adapter (multi-scene coherence, audio for talking scenes, better faces); fal's
///   notes pair it with enable_detail_refine (2x each side, about 4x price), which this preset leaves off.
/// - Strong LoRA: the Strong weights on reference-video-to-video/lora at 1280x704, for the LoRA endpoint's
///   extra controls (keyframes, control video, LoRA scale, stacking LoRAs). Costs the /lora price.
///
/// @code
/// fal::ltx::RenderToRealInput input =
///     fal::ltx::presets::RenderToRealStrong("https://example.com/blockout.mp4", "A grand ballroom.");
/// // input.prompt == "3DREAL. A grand ballroom.", input.intensity == Intensity::kStrong
/// @endcode
///
/// @par Thread safety
/// Pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "fal/export.hpp"
#include "fal/file.hpp"
#include "fal/ltx/enums.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal::ltx::presets {

/// The 3DREAL Strong weights on fal's CDN (the only 3DREAL file with a fal-hosted URL).
inline constexpr std::string_view k3DRealStrongLoraUrl =
    "https://v3b.fal.media/files/b/0a9fe083/H7caCyG_wt9hy_51tMEmu_3DREAL-strong.safetensors";

/// render-to-real at `intensity`, with `video` as video_url and the prompt finalized to start with the
/// trigger (no prompt gives "3DREAL. "). Everything else is left to the server's defaults.
FALCPP_EXPORT RenderToRealInput RenderToReal(Intensity intensity, File video,
                                             std::optional<std::string> prompt = std::nullopt);

/// RenderToReal(Intensity::kLight, ...): faithful, fewest hallucinations.
FALCPP_EXPORT RenderToRealInput RenderToRealLight(File video,
                                                  std::optional<std::string> prompt = std::nullopt);

/// RenderToReal(Intensity::kStrong, ...): more photoreal detail, may drift from the render.
FALCPP_EXPORT RenderToRealInput RenderToRealStrong(File video,
                                                   std::optional<std::string> prompt = std::nullopt);

/// RenderToReal(Intensity::kStrongV2, ...): the newest adapter.
FALCPP_EXPORT RenderToRealInput RenderToRealStrongV2(File video,
                                                     std::optional<std::string> prompt = std::nullopt);

/// The Strong LoRA route: reference-video-to-video/lora with loras = [{k3DRealStrongLoraUrl, scale 1.0,
/// transformer "both"}], resolution {1280, 704} (as fal's 3DREAL notes show) and the prompt finalized to
/// start with the trigger. Prompt expansion is turned off, because this endpoint does not protect the trigger
/// from the expander; set enable_prompt_expansion back to true if you accept that risk.
FALCPP_EXPORT ReferenceVideoToVideoLoraInput StrongLora(File video,
                                                        std::optional<std::string> prompt = std::nullopt);

}  // namespace fal::ltx::presets
