#include "endpoints.hpp"

namespace fal::emulator {

const std::vector<Endpoint>& AllEndpoints() {
  static const std::vector<Endpoint> endpoints = {
      {EndpointKind::kRenderToReal, "fal-ai/ltx-2.3-quality/render-to-real", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kReferenceVideoToVideoLora, "fal-ai/ltx-2.3-quality/reference-video-to-video/lora",
       "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kImageToVideo, "fal-ai/ltx-2.3-quality/image-to-video", "fal-ai/ltx-2.3-quality"},
      {EndpointKind::kTextToVideo22bLora, "fal-ai/ltx-2.3-22b/text-to-video/lora", "fal-ai/ltx-2.3-22b"},
  };
  return endpoints;
}

const Endpoint* FindEndpoint(std::string_view endpoint_id) {
  for (const auto& endpoint : AllEndpoints()) {
    if (endpoint.id == endpoint_id) return &endpoint;
  }
  return nullptr;
}

}  // namespace fal::emulator
