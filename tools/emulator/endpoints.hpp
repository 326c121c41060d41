// The LTX-2.3 endpoints the emulator serves (the ones falcpp types). Any other endpoint id answers 404, as
// fal does for an application that does not exist.
#pragma once

#include <string_view>
#include <vector>

namespace fal::emulator {

enum class EndpointKind {
  kRenderToReal,
  kReferenceVideoToVideoLora,
  kReferenceVideoToVideo,
  kImageToVideo,
  kImageToVideoLora,
  kTextToVideo,  // ltx-2.3-quality
  kTextToVideoLora,
  kExtendVideo,
  kExtendVideoLora,
  kIcLoraEffect,  // the eight effects that share render-to-real's control path and budget
  kTextToVideo22bLora,
  kTextToVideo22b,
  kImageToVideo22b,
  kImageToVideo22bLora,
  kDistilledTextToVideo22bLora,
  kDistilledImageToVideo22bLora,
  kExtendVideo22b,
  kExtendVideo22bLora,
};

struct Endpoint {
  EndpointKind kind;
  std::string_view id;      // full endpoint id, used to submit
  std::string_view app_id;  // owner/alias, used in status, result and cancel URLs
};

const std::vector<Endpoint>& AllEndpoints();
// The endpoints whose output is a 22b VideoFile (width, height, fps, num_frames, duration).
bool Is22b(const Endpoint& endpoint);
const Endpoint* FindEndpoint(std::string_view endpoint_id);

}  // namespace fal::emulator
