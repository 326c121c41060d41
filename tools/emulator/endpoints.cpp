#include "endpoints.hpp"

namespace fal::emulator {

const std::vector<Endpoint>& AllEndpoints() {
  static const std::vector<Endpoint> endpoints = {
      {EndpointKind::kRenderToReal, "fal-ai/ltx-2.3-quality/render-to-real", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kReferenceVideoToVideoLora, "fal-ai/ltx-2.3-quality/reference-video-to-video/lora",
       "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kReferenceVideoToVideo, "fal-ai/ltx-2.3-quality/reference-video-to-video",
       "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kImageToVideo, "fal-ai/ltx-2.3-quality/image-to-video", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kImageToVideoLora, "fal-ai/ltx-2.3-quality/image-to-video/lora",
       "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kTextToVideo, "fal-ai/ltx-2.3-quality/text-to-video", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kTextToVideoLora, "fal-ai/ltx-2.3-quality/text-to-video/lora", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kExtendVideo, "fal-ai/ltx-2.3-quality/extend-video", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kExtendVideoLora, "fal-ai/ltx-2.3-quality/extend-video/lora", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/clean-plate", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/colorization", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/cross-eyed", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/day-to-night", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/deblur", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/decompression", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/instant-shave", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kIcLoraEffect, "fal-ai/ltx-2.3-quality/water-simulation", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kTextToVideo22bLora, "fal-ai/ltx-2.3-22b/text-to-video/lora", "fal-ai/ltx-2.3-22b"},
      {EndpointKind::kTextToVideo22b, "fal-ai/ltx-2.3-22b/text-to-video", "fal-ai/ltx-2.3-22b"},
      {EndpointKind::kImageToVideo22b, "fal-ai/ltx-2.3-22b/image-to-video", "fal-ai/ltx-2.3-22b"},
      {EndpointKind::kImageToVideo22bLora, "fal-ai/ltx-2.3-22b/image-to-video/lora", "fal-ai/ltx-2.3-22b"},
      {EndpointKind::kDistilledTextToVideo22bLora, "fal-ai/ltx-2.3-22b/distilled/text-to-video/lora",
       "fal-ai/ltx-2.3-22b"},
      {EndpointKind::kDistilledImageToVideo22bLora, "fal-ai/ltx-2.3-22b/distilled/image-to-video/lora",
       "fal-ai/ltx-2.3-22b"},
      {EndpointKind::kExtendVideo22b, "fal-ai/ltx-2.3-22b/extend-video", "fal-ai/ltx-2.3-22b"},
      {EndpointKind::kExtendVideo22bLora, "fal-ai/ltx-2.3-22b/extend-video/lora", "fal-ai/ltx-2.3-22b"},
  };
  return endpoints;
}

bool Is22b(const Endpoint& endpoint) { return endpoint.app_id == "fal-ai/ltx-2.3-22b"; }

const Endpoint* FindEndpoint(std::string_view endpoint_id) {
  for (const auto& endpoint : AllEndpoints()) {
    if (endpoint.id == endpoint_id) return &endpoint;
  }
  return nullptr;
}

}  // namespace fal::emulator
