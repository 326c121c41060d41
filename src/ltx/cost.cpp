// The cost estimate of an LTX-2.3 request: output megapixels from the body, times the table's price.
// fal's rule: width x height x frames, rounded up to whole megapixels (1280x720x121 = 111.5 -> 112 MP).
#include "fal/ltx/cost.hpp"

#include <cmath>

#include "fal/ltx/defaults.hpp"
#include "ltx/json_mapping.hpp"

namespace fal::ltx {
namespace {

using internal::Json;

constexpr const char* kRenderToReal = "fal-ai/ltx-2.3-quality/render-to-real";
constexpr const char* kTextToVideo = "fal-ai/ltx-2.3-22b/text-to-video/lora";

CostEstimate Unknown(std::string note) { return CostEstimate{false, 0, 0, std::move(note)}; }

// render-to-real's output: the resolution's short side at the source's aspect, which only the source knows.
ImageSize RenderToRealSize(const Json& body, std::string& note) {
  const auto it = body.find("resolution");
  const bool is480 = it != body.end() && it->is_string() && *it == "480p";
  note = std::string("assumes a 16:9 or 9:16 source (") + (is480 ? "848x480" : "1280x720") +
         "); a wider source costs more";
  ImageSize size = is480 ? ImageSize{848, 480} : ImageSize{1280, 720};
  const auto refine = body.find("enable_detail_refine");
  if (refine != body.end() && refine->is_boolean() && refine->get<bool>()) {
    size = ImageSize{size.width * 2, size.height * 2};  // detail refine: 2x each side, 4x the pixels
    note += "; detail refine doubles each side";
  }
  return size;
}

}  // namespace

std::optional<double> PriceTable::UsdPerMegapixel(std::string_view endpoint_id) const {
  for (const Price& p : prices) {
    if (p.endpoint_id == endpoint_id) return p.usd_per_megapixel;
  }
  return std::nullopt;
}

PriceTable PriceTable::Default() {
  return PriceTable{{{kRenderToReal, 0.0024075},
                     {"fal-ai/ltx-2.3-quality/image-to-video", 0.0024075},
                     {"fal-ai/ltx-2.3-quality/reference-video-to-video/lora", 0.0027075},
                     {kTextToVideo, 0.001805}},
                    "2026-11-21"};
}

CostEstimate EstimateCost(std::string_view endpoint_id, std::string_view body_json,
                          const PriceTable& prices) {
  const std::optional<double> price = prices.UsdPerMegapixel(endpoint_id);
  if (!price) return Unknown("no price for " + std::string(endpoint_id) + " in the price table");
  const Json body = Json::parse(body_json, nullptr, false);
  if (!body.is_object()) return Unknown("the body is not a JSON object");
  const auto frames_it = body.find("num_frames");
  int frames = defaults::quality::kNumFrames;  // 121 on all four endpoints
  if (frames_it != body.end()) {
    if (!frames_it->is_number_integer()) return Unknown("num_frames is not a whole number");
    frames = frames_it->get<int>();
  }
  std::string note;
  std::optional<ImageSize> size;
  if (endpoint_id == kRenderToReal) {
    size = RenderToRealSize(body, note);
  } else {
    const char* key = endpoint_id == kTextToVideo ? "video_size" : "resolution";
    const auto it = body.find(key);
    if (it == body.end()) {
      if (endpoint_id != kTextToVideo)
        return Unknown(std::string(key) + " is auto: the size follows the source");
      size = ImageSize{1024, 576};  // landscape_16_9, the default
    } else {
      size = internal::NominalSize(internal::VideoSizeOrAutoFromJson(*it));
      if (!size)
        return Unknown(std::string(key) + " " + it->dump() + " follows the source: the size is unknown");
    }
  }
  const double pixels = static_cast<double>(size->width) * size->height * frames;
  CostEstimate estimate{true, std::ceil(pixels / 1e6), 0, std::move(note)};
  estimate.usd = estimate.megapixels * *price;
  return estimate;
}

}  // namespace fal::ltx
