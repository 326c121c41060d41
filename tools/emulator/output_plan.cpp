#include "output_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fal::emulator {
namespace {

using nlohmann::json;

constexpr int kLargestSide = 4096;  // inputs allow 14142; the emulator's renders stay sane

int NumberOr(const json& input, const char* name, int lo, int hi, int fallback) {
  if (input.contains(name) && input[name].is_number()) return ClampedInt(input[name], lo, hi);
  return fallback;
}

double FpsOr(const json& input, const char* name, double fallback) {
  if (input.contains(name) && input[name].is_number())
    return std::clamp(input[name].get<double>(), 1.0, 60.0);
  return fallback;
}

std::shared_ptr<const Blob> StoredBlob(const json& input, const char* name, const FileStore& storage,
                                       int own_port) {
  if (!input.contains(name) || !input[name].is_string()) return nullptr;
  const auto file = storage.FindByUrl(input[name].get<std::string>(), own_port);
  return file ? file->blob : nullptr;
}

int Even(double pixels) {
  return std::clamp(2 * static_cast<int>(std::lround(pixels / 2)), 16, kLargestSide);
}

}  // namespace

std::pair<int, int> FrameRateFraction(double fps) {
  for (const int denominator : {1, 1001, 1000}) {
    const double numerator = std::round(fps * denominator);
    if (std::abs(numerator / denominator - fps) < 1e-6) {
      const int whole = static_cast<int>(numerator);
      const int common = std::gcd(whole, denominator);
      return {whole / common, denominator / common};
    }
  }
  const int thousandths = static_cast<int>(std::round(fps * 1000));
  const int common = std::gcd(thousandths, 1000);
  return {thousandths / common, 1000 / common};
}

RenderPlan PlanOutput(EndpointKind kind, const json& input, const InputCheck& check, const FileStore& storage,
                      int own_port) {
  RenderPlan plan;
  plan.image = StoredBlob(input, "image_url", storage, own_port);
  const char* fps_field = "frames_per_second";
  switch (kind) {
    case EndpointKind::kRenderToReal:
    case EndpointKind::kIcLoraEffect:
      plan.source = StoredBlob(input, "video_url", storage, own_port);
      plan.size_rule = SizeRule::kShortSide;
      plan.short_side = input.value("resolution", json("720p")) == "480p" ? 480 : 720;
      plan.label =
          kind == EndpointKind::kRenderToReal ? "FAL-EMULATOR RENDER-TO-REAL" : "FAL-EMULATOR IC-LORA EFFECT";
      break;
    case EndpointKind::kReferenceVideoToVideoLora:
    case EndpointKind::kReferenceVideoToVideo:
    case EndpointKind::kExtendVideo:
    case EndpointKind::kExtendVideoLora:
    case EndpointKind::kImageToVideo:
    case EndpointKind::kImageToVideoLora:
    case EndpointKind::kTextToVideo:
    case EndpointKind::kTextToVideoLora: {
      // The endpoints that transform a source video follow its size with `auto`; the others get a fixed size.
      const bool reference = kind == EndpointKind::kReferenceVideoToVideoLora ||
                             kind == EndpointKind::kReferenceVideoToVideo ||
                             kind == EndpointKind::kExtendVideo || kind == EndpointKind::kExtendVideoLora;
      if (reference) plan.source = StoredBlob(input, "video_url", storage, own_port);
      const json resolution = input.contains("resolution") ? input["resolution"] : json("auto");
      const PixelSize size = ResolveSize(resolution, kAssumedAutoSize).value_or(kAssumedAutoSize);
      plan.size_rule = resolution == "auto" && reference ? SizeRule::kSourceSize : SizeRule::kFixed;
      plan.width = size.width;
      plan.height = size.height;
      plan.label = reference ? "FAL-EMULATOR REFERENCE-VIDEO" : "FAL-EMULATOR IMAGE-TO-VIDEO";
      break;
    }
    case EndpointKind::kExtendVideo22b:
    case EndpointKind::kExtendVideo22bLora: {
      plan.source = StoredBlob(input, "video_url", storage, own_port);
      const json size_value = input.contains("video_size") ? input["video_size"] : json("auto");
      const PixelSize size = ResolveSize(size_value, kAssumedAutoSize).value_or(kAssumedAutoSize);
      plan.size_rule = size_value == "auto" ? SizeRule::kSourceSize : SizeRule::kFixed;
      plan.width = size.width;
      plan.height = size.height;
      fps_field = "fps";
      plan.label = "FAL-EMULATOR EXTEND-VIDEO 22B";
      break;
    }
    case EndpointKind::kTextToVideo22bLora:
    case EndpointKind::kTextToVideo22b: {
      const json preset = input.contains("video_size") ? input["video_size"] : json("landscape_16_9");
      const PixelSize size = ResolveSize(preset, PixelSize{1024, 576}).value_or(PixelSize{1024, 576});
      plan.width = size.width;
      plan.height = size.height;
      fps_field = "fps";
      plan.label = "FAL-EMULATOR TEXT-TO-VIDEO 22B";
      break;
    }
    case EndpointKind::kImageToVideo22b:
    case EndpointKind::kImageToVideo22bLora:
    case EndpointKind::kDistilledTextToVideo22bLora:
    case EndpointKind::kDistilledImageToVideo22bLora: {
      // video_size: landscape_16_9 by default on text-to-video, auto (the image's aspect) on image-to-video.
      const bool image = kind != EndpointKind::kDistilledTextToVideo22bLora;
      const bool distilled = kind == EndpointKind::kDistilledTextToVideo22bLora ||
                             kind == EndpointKind::kDistilledImageToVideo22bLora;
      const json fallback = image ? json("auto") : json("landscape_16_9");
      const json preset = input.contains("video_size") ? input["video_size"] : fallback;
      const PixelSize size = ResolveSize(preset, kAssumedAutoSize).value_or(kAssumedAutoSize);
      plan.width = size.width;
      plan.height = size.height;
      fps_field = "fps";
      plan.label = std::string(image ? "FAL-EMULATOR IMAGE-TO-VIDEO 22B" : "FAL-EMULATOR TEXT-TO-VIDEO 22B") +
                   (distilled ? " DISTILLED" : "");
      break;
    }
  }
  plan.frames = check.capped_num_frames.value_or(NumberOr(input, "num_frames", 1, 481, 121));
  const auto [numerator, denominator] = FrameRateFraction(FpsOr(input, fps_field, 24));
  plan.fps_numerator = numerator;
  plan.fps_denominator = denominator;
  return plan;
}

PixelSize OutputSize(const RenderPlan& plan, std::optional<PixelSize> source) {
  switch (plan.size_rule) {
    case SizeRule::kShortSide: {
      const PixelSize shape = source.value_or(PixelSize{16, 9});
      const double aspect = static_cast<double>(shape.width) / std::max(1, shape.height);
      if (aspect >= 1) return PixelSize{Even(plan.short_side * aspect), Even(plan.short_side)};
      return PixelSize{Even(plan.short_side), Even(plan.short_side / aspect)};
    }
    case SizeRule::kSourceSize:
      if (source) return PixelSize{Even(source->width), Even(source->height)};
      break;
    case SizeRule::kFixed:
      break;
  }
  return PixelSize{Even(plan.width), Even(plan.height)};
}

}  // namespace fal::emulator
