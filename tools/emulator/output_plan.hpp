// What a job's output video should be, as fal would deliver it: its frames (the input video when it is
// one of the emulator's files, else a test pattern), size, frame count and rate, and the image to blend
// into its first frame. Rendering it (output_renderer.hpp) needs falcpp::media; planning does not.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "endpoints.hpp"
#include "ltx_input_rules.hpp"
#include "storage.hpp"

namespace fal::emulator {

// How the output's size follows the request.
enum class SizeRule {
  kFixed,       // width x height, as requested (a preset or {width, height})
  kShortSide,   // render-to-real: short side `short_side`, the source's aspect kept
  kSourceSize,  // resolution auto: the source's size (width x height when there is no source)
};

struct RenderPlan {
  std::shared_ptr<const Blob> source;  // the input video; nullptr: the test pattern
  std::shared_ptr<const Blob> image;   // image_url, blended into the first frame; nullptr: none
  SizeRule size_rule = SizeRule::kFixed;
  int width = 0;
  int height = 0;
  int short_side = 0;
  int frames = 121;
  int fps_numerator = 24;
  int fps_denominator = 1;
  std::string label;  // drawn small on every frame, so a person sees which endpoint made it
};

RenderPlan PlanOutput(EndpointKind kind, const nlohmann::json& input, const InputCheck& check,
                      const FileStore& storage, int own_port);

// The output's size for a source of `source` pixels (nullopt: the test pattern, taken as 16:9): even
// numbers, each side between 16 and 4096.
PixelSize OutputSize(const RenderPlan& plan, std::optional<PixelSize> source);

// A frame rate as a reduced fraction: 24 -> 24/1, 23.976 -> 24000/1001, 12.5 -> 25/2.
std::pair<int, int> FrameRateFraction(double fps);

}  // namespace fal::emulator
