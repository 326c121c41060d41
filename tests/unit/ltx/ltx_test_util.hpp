#pragma once
// Helpers shared by the fal::ltx tests: valid baseline inputs, finding look-ups and fixture loading.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "fal/validation.hpp"

namespace fal::ltx::test {

using Json = nlohmann::json;

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(FALCPP_LTX_FIXTURES_DIR) + "/" + name);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Json ParseJson(const std::string& text) { return Json::parse(text); }

// Minimal inputs that pass validation with no finding at all.
inline RenderToRealInput ValidRenderToReal() {
  RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";
  in.prompt = "3DREAL. A harbor at dawn.";
  return in;
}

inline ReferenceVideoToVideoLoraInput ValidReferenceVideo() {
  ReferenceVideoToVideoLoraInput in;
  in.prompt = "A dancer in a red dress.";
  in.video_url = "https://example.com/reference.mp4";
  in.loras = {LoraInput{"https://example.com/style.safetensors", 1.0, std::string("both"), std::nullopt}};
  return in;
}

inline ImageToVideoInput ValidImageToVideo() {
  ImageToVideoInput in;
  in.prompt = "The camera dollies in.";
  in.image_url = "https://example.com/start.jpg";
  return in;
}

inline TextToVideoLoraInput ValidTextToVideo() {
  TextToVideoLoraInput in;
  in.prompt = "A cowboy at high noon.";
  in.loras = {LoraInput{"https://example.com/western.safetensors", 1.0, std::nullopt, std::nullopt}};
  return in;
}

template <class Input>
ValidationReport Check(const Input& in) {
  return EndpointTraits<Input>::Validate(in);
}

// True when the report holds a finding at `path` (FieldError::Path form) with `type` and `severity`.
inline bool Has(const ValidationReport& r, const std::string& path, const std::string& type,
                Severity severity) {
  for (const Finding& f : r.findings) {
    if (f.error.Path() == path && f.error.type == type && f.severity == severity) return true;
  }
  return false;
}

// The first finding at `path` with `type`, by value (reports are often temporaries).
inline std::optional<Finding> Find(const ValidationReport& r, const std::string& path,
                                   const std::string& type) {
  for (const Finding& f : r.findings) {
    if (f.error.Path() == path && f.error.type == type) return f;
  }
  return std::nullopt;
}

}  // namespace fal::ltx::test
