#include "context.hpp"

#include "fal/version.hpp"

namespace fal::cli {

fal::Client MakeClient() {
  fal::ClientOptions options;
  options.user_agent_suffix = std::string("fal-ltx/") + fal::kVersionString;
  return fal::Client(std::move(options));
}

}  // namespace fal::cli
