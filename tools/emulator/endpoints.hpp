// The four LTX-2.3 endpoints the emulator serves. Any other endpoint id answers 404, as fal does for
// an application that does not exist.
#pragma once

#include <string_view>
#include <vector>

namespace fal::emulator {

enum class EndpointKind {
  kRenderToReal,
  kReferenceVideoToVideoLora,
  kImageToVideo,
  kTextToVideo22bLora,
};

struct Endpoint {
  EndpointKind kind;
  std::string_view id;      // full endpoint id, used to submit
  std::string_view app_id;  // owner/alias, used in status, result and cancel URLs
};

const std::vector<Endpoint>& AllEndpoints();
const Endpoint* FindEndpoint(std::string_view endpoint_id);

}  // namespace fal::emulator
