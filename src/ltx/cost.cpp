// The cost estimate of an LTX-2.3 request: output megapixels from the body (and, where the output follows
// a source video, from the probed clip), times the table's price. fal's rule: width x height x frames,
// rounded up to whole megapixels (1280x720x121 = 111.5 -> 112 MP). docs/cost.md is the user's view.
#include "fal/ltx/cost.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "ltx/json_mapping.hpp"

namespace fal::ltx {
namespace {

using internal::Json;

constexpr std::string_view kQuality = "fal-ai/ltx-2.3-quality/";
constexpr std::string_view k22b = "fal-ai/ltx-2.3-22b/";

// The days the rows were read: the four typed endpoints from their model pages, the rest of the family
// from fal's pages and generated types as checked for the family issue.
constexpr const char* kFirstFourAsOf = "2026-11-21";
constexpr const char* kFamilyAsOf = "2026-12-02";

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// Endpoints whose output is the source video's shape at a 480p/720p short side: render-to-real and the
// IC-LoRA effects that share its schema (docs/cost.md).
bool FollowsSourceAspect(std::string_view endpoint_id) {
  static constexpr std::string_view kEffects[] = {"render-to-real", "clean-plate",   "colorization",
                                                  "cross-eyed",     "day-to-night",  "deblur",
                                                  "decompression",  "instant-shave", "water-simulation"};
  if (!StartsWith(endpoint_id, kQuality)) return false;
  const std::string_view path = endpoint_id.substr(kQuality.size());
  for (std::string_view effect : kEffects) {
    if (path == effect) return true;
  }
  return false;
}

CostEstimate Unknown(std::string note) {
  CostEstimate e;
  e.note = std::move(note);
  return e;
}

void AddNote(std::string& note, const std::string& more) {
  if (more.empty()) return;
  note += note.empty() ? more : "; " + more;
}

bool IsTrue(const Json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}
bool IsFalse(const Json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_boolean() && !it->get<bool>();
}

bool HasShape(const std::optional<ClipInfo>& clip) { return clip && clip->width > 0 && clip->height > 0; }

std::string WholeNumber(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", v);
  return text;
}

double Megapixels(const ImageSize& size, int frames) {
  return std::ceil(static_cast<double>(size.width) * size.height * frames / 1e6);
}

// The frames billed, or nullopt with the reason in `why`.
std::optional<int> BilledFrames(std::string_view endpoint_id, const Json& body,
                                const std::optional<ClipInfo>& clip, std::string& note, std::string& why) {
  const auto it = body.find("num_frames");
  if (it != body.end() && !it->is_number_integer()) {
    why = "num_frames is not a whole number";
    return std::nullopt;
  }
  const bool has_frames = it != body.end();
  const bool is_v2v = Contains(endpoint_id, "/video-to-video");  // not reference-video-to-video
  if (is_v2v && !IsFalse(body, "match_video_length")) {
    if (clip && clip->frame_count > 0) {
      AddNote(note, "the length follows the source clip (" + std::to_string(clip->frame_count) + " frames)");
      return static_cast<int>(clip->frame_count);
    }
    why =
        "the length follows the source video (match_video_length defaults to true), which is not a probed "
        "local file; set match_video_length=false and num_frames, or use a local file";
    return std::nullopt;
  }
  if (Contains(endpoint_id, "audio-to-video") && !IsFalse(body, "match_audio_length")) {
    why =
        "the length follows the audio (match_audio_length defaults to true); set match_audio_length=false "
        "and num_frames";
    return std::nullopt;
  }
  if (Contains(endpoint_id, "/extend-video")) AddNote(note, "extend-video bills only the generated frames");
  if (has_frames) {
    if (it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 100000) {
      why = "num_frames " + it->dump() + " is not a frame count";
      return std::nullopt;
    }
    return it->get<int>();
  }
  AddNote(note, "num_frames unset: the server's default, " + std::to_string(defaults::quality::kNumFrames));
  return defaults::quality::kNumFrames;  // 121 on every endpoint of the family that documents one
}

// The output size, or nullopt with the reason in `why`.
std::optional<ImageSize> OutputSize(std::string_view endpoint_id, const Json& body,
                                    const std::optional<ClipInfo>& clip, std::string& note,
                                    std::string& why) {
  if (FollowsSourceAspect(endpoint_id)) {
    const auto it = body.find("resolution");
    const bool is480 = it != body.end() && it->is_string() && *it == "480p";
    const RenderResolution resolution = is480 ? RenderResolution::k480p : RenderResolution::k720p;
    const bool refine = IsTrue(body, "enable_detail_refine");
    const std::string refined = refine ? ", doubled each side by detail refine" : "";
    if (!HasShape(clip)) {
      why =
          "the output keeps the source video's aspect, which is unknown: the source is not a probed local "
          "file (it is a URL, or no clip probe read it; fal-ltx reads local clips when built with FFmpeg)";
      return std::nullopt;
    }
    const ImageSize size = RenderToRealOutputSize(clip->width, clip->height, resolution, refine);
    AddNote(note, ToString(size) + ": the " + (is480 ? "480p" : "720p") + " short side at the clip's " +
                      std::to_string(clip->width) + "x" + std::to_string(clip->height) +
                      " aspect (long side to a multiple of 16)" + refined);
    return size;
  }
  const char* key = body.contains("video_size") ? "video_size" : "resolution";
  const auto it = body.find(key);
  if (it == body.end()) {
    if (Contains(endpoint_id, "text-to-video")) {
      AddNote(note, "video_size unset: the default landscape_16_9, 1024x576");
      return ImageSize{1024, 576};
    }
    why = "no size given: the output follows the source; give an explicit size to estimate";
    return std::nullopt;
  }
  const std::optional<VideoSizeOrAuto> requested = internal::VideoSizeOrAutoFromJson(*it);
  const std::optional<ImageSize> size = internal::NominalSize(requested);
  if (!size) {
    why = std::string(key) + " " + it->dump() + " follows the source: give an explicit size to estimate";
    return std::nullopt;
  }
  if (requested && std::holds_alternative<SizePreset>(*requested))
    AddNote(note, std::string(key) + " " + it->dump() + " taken as fal's generic " + ToString(*size));
  return size;
}

}  // namespace

const Price* PriceTable::Find(std::string_view endpoint_id) const {
  for (const Price& p : prices) {
    if (p.endpoint_id == endpoint_id) return &p;
  }
  return nullptr;
}

std::optional<double> PriceTable::UsdPerMegapixel(std::string_view endpoint_id) const {
  const Price* p = Find(endpoint_id);
  return p != nullptr ? std::optional<double>(p->usd_per_megapixel) : std::nullopt;
}

void PriceTable::Set(std::string_view endpoint_id, double usd_per_megapixel, std::string row_as_of) {
  for (Price& p : prices) {
    if (p.endpoint_id == endpoint_id) {
      p.usd_per_megapixel = usd_per_megapixel;
      p.as_of = std::move(row_as_of);
      return;
    }
  }
  prices.push_back(Price{std::string(endpoint_id), usd_per_megapixel, std::move(row_as_of)});
}

PriceTable PriceTable::Default() {
  PriceTable table;
  table.as_of = kFamilyAsOf;
  auto add = [&](std::string_view family, std::initializer_list<const char*> paths, double usd,
                 const char* as_of) {
    for (const char* path : paths) table.prices.push_back(Price{std::string(family) + path, usd, as_of});
  };
  // The four typed endpoints, read first.
  add(kQuality, {"render-to-real", "image-to-video"}, 0.0024075, kFirstFourAsOf);
  add(kQuality, {"reference-video-to-video/lora"}, 0.0027075, kFirstFourAsOf);
  add(k22b, {"text-to-video/lora"}, 0.001805, kFirstFourAsOf);
  // ltx-2.3-quality: every endpoint with a video output; /lora endpoints cost more.
  add(kQuality,
      {"text-to-video", "reference-video-to-video", "extend-video", "audio-to-video", "inpaint", "outpaint",
       "hdr", "ingredient", "clean-plate", "colorization", "cross-eyed", "day-to-night", "deblur",
       "decompression", "instant-shave", "water-simulation"},
      0.0024075, kFamilyAsOf);
  add(kQuality,
      {"text-to-video/lora", "image-to-video/lora", "extend-video/lora", "audio-to-video/lora",
       "inpaint/lora", "outpaint/lora", "hdr/lora"},
      0.0027075, kFamilyAsOf);
  // ltx-2.3-22b: /lora endpoints; text-to-video and video-to-video; the distilled ones.
  add(k22b,
      {"image-to-video/lora", "extend-video/lora", "video-to-video/lora", "reference-video-to-video/lora",
       "audio-to-video/lora"},
      0.001805, kFamilyAsOf);
  add(k22b, {"text-to-video", "video-to-video"}, 0.001605, kFamilyAsOf);
  add(k22b,
      {"distilled/text-to-video/lora", "distilled/image-to-video/lora", "distilled/audio-to-video/lora",
       "distilled/reference-video-to-video/lora", "distilled/video-to-video/lora"},
      0.001405, kFamilyAsOf);
  add(k22b, {"distilled/audio-to-video"}, 0.001205, kFamilyAsOf);
  add(k22b, {"image-to-video"}, 0.001605, kFamilyAsOf);  // fal's 22b image-to-video page
  return table;
}

CostEstimate EstimateCost(std::string_view endpoint_id, std::string_view body_json, const PriceTable& prices,
                          const std::optional<ClipInfo>& clip) {
  const Price* price = prices.Find(endpoint_id);
  if (price == nullptr)
    return Unknown("no price for " + std::string(endpoint_id) +
                   " in the price table (docs/cost.md: how to add a price)");
  const Json body = Json::parse(body_json, nullptr, false);
  if (!body.is_object()) return Unknown("the body is not a JSON object");
  std::string note, why;
  const std::optional<ImageSize> size = OutputSize(endpoint_id, body, clip, note, why);
  std::optional<int> frames;
  if (size) frames = BilledFrames(endpoint_id, body, clip, note, why);
  if (!size || !frames) {
    if (!size && FollowsSourceAspect(endpoint_id) && !HasShape(clip)) {
      ClipInfo wide;  // what the figure would be for the commonest source, said, never used silently
      wide.width = 1920;
      wide.height = 1080;
      const CostEstimate if_wide = EstimateCost(endpoint_id, body_json, prices, wide);
      if (if_wide.known) {
        why += "; a 16:9 source would give " + std::to_string(if_wide.width) + "x" +
               std::to_string(if_wide.height) + " x " + std::to_string(if_wide.frames) + " frames, " +
               WholeNumber(if_wide.megapixels) + " MP, " + FormatUsd(if_wide.usd);
      }
    }
    CostEstimate unknown = Unknown(std::move(why));
    unknown.usd_per_megapixel = price->usd_per_megapixel;
    unknown.price_as_of = price->as_of;
    return unknown;
  }
  CostEstimate e;
  e.known = true;
  e.megapixels = Megapixels(*size, *frames);
  e.usd = e.megapixels * price->usd_per_megapixel;
  e.note = std::move(note);
  e.width = size->width;
  e.height = size->height;
  e.frames = *frames;
  e.usd_per_megapixel = price->usd_per_megapixel;
  e.price_as_of = price->as_of;
  return e;
}

CostEstimate SumCosts(const std::vector<CostEstimate>& parts) {
  CostEstimate total;
  total.known = true;
  std::size_t unknown = 0;
  std::string first_reason;
  for (const CostEstimate& part : parts) {
    if (!part.known) {
      if (unknown++ == 0) first_reason = part.note;
      continue;
    }
    total.megapixels += part.megapixels;
    total.usd += part.usd;
    total.frames += part.frames;
  }
  if (unknown > 0) {
    CostEstimate e = Unknown(std::to_string(unknown) + " of " + std::to_string(parts.size()) +
                             " estimates unknown, the first: " + first_reason);
    return e;
  }
  total.note = "the sum of " + std::to_string(parts.size()) + " estimates";
  return total;
}

std::optional<FieldError> CheckCostLimit(const CostEstimate& estimate, double max_cost_usd,
                                         std::string_view what, std::string_view limit_name) {
  const std::string limit = FormatUsd(max_cost_usd) + " (" + std::string(limit_name) + ")";
  if (!estimate.known) {
    return FieldError{{"body"},
                      "the cost of " + std::string(what) + " cannot be estimated (" + estimate.note +
                          "), so the cost limit of " + limit +
                          " cannot be checked: make the cost known, or drop the limit",
                      "cost_limit"};
  }
  if (estimate.usd <= max_cost_usd) return std::nullopt;
  return FieldError{{"body"},
                    "the estimated cost of " + std::string(what) + " is " + FormatUsd(estimate.usd) + " (" +
                        WholeNumber(estimate.megapixels) + " MP), above the cost limit of " + limit +
                        ": raise the limit, or lower the resolution, num_frames or the number of jobs",
                    "cost_limit"};
}

std::string FormatUsd(double usd) {
  char text[48];
  std::snprintf(text, sizeof text, "$%.4f", usd);
  return text;
}

std::string Describe(const CostEstimate& e) {
  if (!e.known) return "unknown (" + e.note + ")";
  char price[32];
  std::snprintf(price, sizeof price, "$%.7g", e.usd_per_megapixel);
  std::string text = FormatUsd(e.usd) + " (" + WholeNumber(e.megapixels) + " MP";
  if (e.width > 0) {
    text += ": " + std::to_string(e.width) + "x" + std::to_string(e.height) + " x " +
            std::to_string(e.frames) + " frames at " + price + "/MP, price as of " + e.price_as_of;
  }
  if (!e.note.empty()) text += "; " + e.note;
  return text + ")";
}

}  // namespace fal::ltx
