#include "context.hpp"

#include "clip_probe.hpp"
#include "fal/version.hpp"

namespace fal::cli {

fal::Client MakeClient() {
  fal::ClientOptions options;
  options.user_agent_suffix = std::string("fal-ltx/") + fal::kVersionString;
  options.clip_probe = CliClipProbe();  // typed calls made through it read local clips as fal-ltx does
  return fal::Client(std::move(options));
}

}  // namespace fal::cli
