#pragma once
/// @file
/// What an LTX-2.3 request costs: fal's per-megapixel prices in one table, and an estimate of a request's
/// output megapixels and dollars. fal prices these endpoints per megapixel of generated video (width x
/// height x frames, rounded up to a whole megapixel). fal changes prices: pass your own table when it has.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/export.hpp"

namespace fal::ltx {

/// One endpoint's price.
struct FALCPP_EXPORT Price {
  std::string endpoint_id;       ///< e.g. "fal-ai/ltx-2.3-quality/render-to-real".
  double usd_per_megapixel = 0;  ///< Dollars per megapixel of generated video.
};

/// fal's prices, by endpoint id.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT PriceTable {
  std::vector<Price> prices;  ///< One row per endpoint.
  /// The day the prices were read from fal's model pages (fal's pages carry no date of their own).
  std::string as_of;

  /// The price of an endpoint, or nullopt when the table has none.
  std::optional<double> UsdPerMegapixel(std::string_view endpoint_id) const;

  /// The four typed endpoints: render-to-real and quality image-to-video $0.0024075/MP, quality
  /// reference-video-to-video/lora $0.0027075/MP, 22b text-to-video/lora $0.001805/MP (as of 2026-11-21).
  static PriceTable Default();
};

/// A request's estimated cost.
struct FALCPP_EXPORT CostEstimate {
  bool known = false;     ///< False when the output size or the price cannot be known; see `note`.
  double megapixels = 0;  ///< Output width x height x frames / 10^6, rounded up (known only).
  double usd = 0;         ///< megapixels x the endpoint's price (known only).
  /// The assumptions of a known estimate (e.g. the source's aspect), or why it is unknown.
  std::string note;
};

/// Estimates the cost of a request from its JSON body (as the typed inputs' ToJson or a manifest gives it):
/// num_frames (default 121), the output size (render-to-real: the resolution's 16:9 size, 1280x720 or
/// 848x480, doubled each side with enable_detail_refine; image-to-video and reference-video-to-video: an
/// explicit size or preset, unknown for `auto`, which follows the source; text-to-video: video_size, default
/// landscape_16_9 at 1024x576). Unknown for an endpoint the table lacks or a body that is not a JSON object.
FALCPP_EXPORT CostEstimate EstimateCost(std::string_view endpoint_id, std::string_view body_json,
                                        const PriceTable& prices = PriceTable::Default());

}  // namespace fal::ltx
