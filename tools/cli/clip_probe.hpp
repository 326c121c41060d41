// How fal-ltx reads a local clip (fit the clip, the cost estimate): fal::media::Probe when falcpp::media
// is built (FFmpeg), nothing otherwise (say, a Windows build without FFmpeg), where local clips are not
// read and render-to-real's cost is unknown.
#pragma once

#include <string>

#include "fal/clip_info.hpp"
#include "fal/ltx/cost.hpp"

namespace fal::cli {

// fal::media::Probe, or an empty ClipProbe without falcpp::media.
fal::ClipProbe CliClipProbe();

// "estimated cost: $0.2696 (112 MP: ...)" or "estimated cost: unknown (...)": the line --dry-run prints
// and the progress shows before the upload.
std::string CostLine(const fal::ltx::CostEstimate& cost);

}  // namespace fal::cli
