// The emulator's own checks of LTX-2.3 inputs, as fal's server would apply them. They are a data table
// written from fal's published pages, independently of the SDK's validator, so that a wrong rule on
// either side shows up as a disagreement in tests. Violations come back in the shape of fal's 422 body:
// {"detail":[{"loc":["body","num_frames"],"msg":"...","type":"...","input":...,"ctx":{...}}]}.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "endpoints.hpp"

namespace fal::emulator {

struct FieldError {
  nlohmann::json loc;  // ["body", field, ...]
  std::string msg;
  std::string type;
  std::optional<nlohmann::json> input;
  std::optional<nlohmann::json> ctx;

  nlohmann::json ToJson() const;
};

struct InputCheck {
  std::vector<FieldError> errors;        // non-empty: the job ends with a 422
  std::optional<int> capped_num_frames;  // reference-video-to-video/lora over its budget, capped
  std::vector<std::string> notes;        // accepted quirks worth a log line ("... is ignored")

  bool ok() const { return errors.empty(); }
  // The 422 body fal's result answers for these errors.
  nlohmann::json DetailBody() const;
};

struct CheckPolicy {
  bool reject_rv2v_over_budget = false;  // --rv2v-over-budget reject
};

InputCheck CheckLtxInput(EndpointKind kind, const nlohmann::json& input, const CheckPolicy& policy);

struct PixelSize {
  int width = 0;
  int height = 0;
};

// fal's named image sizes (square_hd, landscape_16_9, ...) or a {width, height} object. `auto_size`
// stands in for "auto", whose real size follows the input media. Empty when the value is not a size.
std::optional<PixelSize> ResolveSize(const nlohmann::json& value, PixelSize auto_size);

/// A JSON number as an int, clamped to [lo, hi]: converting a number beyond int (1e300) directly is
/// undefined behaviour, and request bodies are untrusted.
int ClampedInt(const nlohmann::json& number, int lo, int hi);

// The budgets the table enforces, exported for log lines and tests.
inline constexpr int kRenderToReal720pMaxFrames = 145;
inline constexpr int kRenderToReal480pMaxFrames = 361;
inline constexpr int kReferenceVideo720pClassMaxFrames = 150;
inline constexpr int k720pClassShortSide = 704;
inline constexpr PixelSize kAssumedAutoSize{1280, 704};
inline constexpr int kExtend480pClassMaxFrames = 481;   // about 20 s at 24 fps
inline constexpr int kExtend720pClassMaxFrames = 265;   // about 11 s
inline constexpr int kExtend1080pClassMaxFrames = 121;  // about 5 s
inline constexpr int kExtend1080pClassShortSide = 1024;

}  // namespace fal::emulator
