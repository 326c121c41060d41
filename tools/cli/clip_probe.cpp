#include "clip_probe.hpp"

#ifdef FALCPP_CLI_HAS_MEDIA
#include "fal/media/media.hpp"
#endif

namespace fal::cli {

fal::ClipProbe CliClipProbe() {
#ifdef FALCPP_CLI_HAS_MEDIA
  return fal::media::Probe;
#else
  return {};
#endif
}

std::string CostLine(const fal::ltx::CostEstimate& cost) {
  return "estimated cost: " + fal::ltx::Describe(cost);
}

}  // namespace fal::cli
