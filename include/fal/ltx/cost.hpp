#pragma once
/// @file
/// What an LTX-2.3 request costs: fal's per-megapixel prices in one table, an estimate of a request's
/// output megapixels and dollars, and the cost guard (a limit in dollars) that a request, a batch and a
/// split run share. fal prices these endpoints per megapixel of generated video (width x height x frames,
/// rounded up to a whole megapixel). fal changes prices: pass your own table when it has (docs/cost.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/clip_info.hpp"
#include "fal/error.hpp"
#include "fal/export.hpp"

namespace fal::ltx {

/// One endpoint's price.
struct FALCPP_EXPORT Price {
  std::string endpoint_id;       ///< e.g. "fal-ai/ltx-2.3-quality/render-to-real".
  double usd_per_megapixel = 0;  ///< Dollars per megapixel of generated video.
  /// The day the price was read from fal's pages ("2026-11-21"; fal's pages carry no date of their own).
  std::string as_of;
};

/// fal's prices, by endpoint id: one row per endpoint.
///
/// @code
/// fal::ClientOptions options;
/// options.prices.Set("fal-ai/ltx-2.3-quality/render-to-real", 0.0021, "2027-01-15");  // fal's new price
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT PriceTable {
  std::vector<Price> prices;  ///< One row per endpoint.
  /// The day the table as a whole was last checked against fal's pages (each row has its own as_of).
  std::string as_of;

  /// The price of an endpoint, or nullopt when the table has none.
  std::optional<double> UsdPerMegapixel(std::string_view endpoint_id) const;
  /// The row of an endpoint, or nullptr when the table has none.
  const Price* Find(std::string_view endpoint_id) const;
  /// Replaces the endpoint's row, or adds one: how a caller follows a price change by fal.
  void Set(std::string_view endpoint_id, double usd_per_megapixel, std::string as_of);

  /// The LTX-2.3 family that fal prices per megapixel (docs/cost.md lists every row): ltx-2.3-quality
  /// $0.0024075/MP, its /lora endpoints $0.0027075/MP; ltx-2.3-22b /lora $0.001805/MP, text-to-video and
  /// video-to-video $0.001605/MP, distilled /lora $0.001405/MP, distilled audio-to-video $0.001205/MP.
  static PriceTable Default();
};

/// A request's estimated cost.
struct FALCPP_EXPORT CostEstimate {
  bool known = false;     ///< False when the output size, length or price cannot be known; see `note`.
  double megapixels = 0;  ///< Output width x height x frames / 10^6, rounded up (known only).
  double usd = 0;         ///< megapixels x the endpoint's price (known only).
  /// The assumptions of a known estimate (e.g. the source's aspect), or why it is unknown and how to make
  /// it known.
  std::string note;
  int width = 0;                 ///< The output width the estimate used (known only).
  int height = 0;                ///< The output height (known only).
  int frames = 0;                ///< The frames billed (known only).
  double usd_per_megapixel = 0;  ///< The price used (0 when the table has none).
  std::string price_as_of;       ///< The price row's as_of.
};

/// Estimates the cost of a request from its JSON body (as the typed inputs' ToJson or a manifest gives it)
/// and, for endpoints whose output follows a source video, the probed source `clip`:
/// - render-to-real and the IC-LoRA effects (clean-plate, ...): the resolution's short side (720 or 480) at
///   the clip's aspect (RenderToRealOutputSize), doubled each side with enable_detail_refine; unknown
///   without a clip (a remote video: its aspect cannot be known), the note giving the 16:9 figure.
/// - endpoints with `video_size` or `resolution` as a size or preset: that size; unset or `auto` follows
///   the source (unknown), except text-to-video, whose default is landscape_16_9 (1024x576).
/// - frames: num_frames (default 121); extend-video bills only the generated part (num_frames);
///   video-to-video and audio-to-video follow their input's length unless match_*_length is false.
/// Unknown for an endpoint the table lacks or a body that is not a JSON object.
FALCPP_EXPORT CostEstimate EstimateCost(std::string_view endpoint_id, std::string_view body_json,
                                        const PriceTable& prices = PriceTable::Default(),
                                        const std::optional<ClipInfo>& clip = std::nullopt);

/// The total of several estimates (the segments of a split run, the jobs of a batch): megapixels and
/// dollars add up (each already rounded up per request, as fal bills). Unknown when any part is unknown,
/// its note then naming how many parts are unknown and the first one's reason.
FALCPP_EXPORT CostEstimate SumCosts(const std::vector<CostEstimate>& parts);

/// The cost guard, one rule for a request, a batch and a split run: nullopt when `estimate` is known and
/// at most `max_cost_usd`; otherwise a finding (loc ["body"], type "cost_limit") that says the estimate,
/// the limit and what to do. An unknown estimate is a finding too: a limit that cannot be checked is
/// never passed silently. `what` names the thing estimated in the message ("the request", "the manifest's
/// 40 jobs", "the split run's 4 segments"); `limit_name` the limit as the caller set it ("--max-cost").
///
/// A split run: `CheckCostLimit(SumCosts(segment_estimates), max, "the split run's 4 segments",
/// "--max-cost")`.
FALCPP_EXPORT std::optional<FieldError> CheckCostLimit(const CostEstimate& estimate, double max_cost_usd,
                                                       std::string_view what = "the request",
                                                       std::string_view limit_name = "max_cost_usd");

/// Dollars as fal's examples write them, to a tenth of a cent's tenth: "$0.2696".
FALCPP_EXPORT std::string FormatUsd(double usd);

/// One line for people: "$0.2696 (112 MP: 1280x720 x 121 frames at $0.0024075/MP, price as of
/// 2026-11-21; NOTE)" or "unknown (NOTE)".
FALCPP_EXPORT std::string Describe(const CostEstimate& estimate);

}  // namespace fal::ltx
