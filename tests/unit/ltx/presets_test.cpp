// The 3DREAL presets: intensity, trigger, the Strong LoRA route, and that each passes Strict as built.

#include "fal/ltx/presets.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Json;
using test::ParseJson;

const char* const kVideo = "https://example.com/blockout.mp4";

TEST(LtxPresets, RenderToRealIntensities) {
  struct Case {
    RenderToRealInput input;
    Intensity intensity;
    const char* wire;
  };
  const std::vector<Case> cases = {
      {presets::RenderToRealLight(kVideo), Intensity::kLight, "light"},
      {presets::RenderToRealStrong(kVideo), Intensity::kStrong, "strong"},
      {presets::RenderToRealStrongV2(kVideo), Intensity::kStrongV2, "strong-v2"},
      {presets::RenderToReal(Intensity::kStrong, kVideo), Intensity::kStrong, "strong"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.input.intensity, c.intensity);
    EXPECT_EQ(c.input.video_url, File(kVideo));
    EXPECT_EQ(c.input.prompt, "3DREAL. ") << "no prompt: the endpoint's default";
    EXPECT_TRUE(test::Check(c.input).findings.empty()) << test::Check(c.input).ToString();
    // Only what the preset chose is sent; the server's defaults apply to the rest.
    EXPECT_EQ(ParseJson(EndpointTraits<RenderToRealInput>::ToJson(c.input)),
              (Json{{"video_url", kVideo}, {"prompt", "3DREAL. "}, {"intensity", c.wire}}));
  }
}

TEST(LtxPresets, RenderToRealPromptGetsTheTrigger) {
  EXPECT_EQ(presets::RenderToRealLight(kVideo, "A harbor.").prompt, "3DREAL. A harbor.");
  EXPECT_EQ(presets::RenderToRealStrong(kVideo, "3DREAL. A harbor.").prompt, "3DREAL. A harbor.");
  EXPECT_EQ(presets::RenderToRealStrongV2(kVideo, "  3DREAL harbor").prompt, "3DREAL harbor");
  EXPECT_EQ(presets::RenderToRealLight(kVideo, "3dreal harbor").prompt, "3DREAL. 3dreal harbor");
  EXPECT_EQ(presets::RenderToRealLight(kVideo, "").prompt, "3DREAL. ");
}

TEST(LtxPresets, LocalFilesAreKeptForUpload) {
  RenderToRealInput in = presets::RenderToRealLight(File::FromPath("blockout.mp4"));
  EXPECT_TRUE(in.video_url.NeedsUpload());
  EXPECT_FALSE(test::Check(in).HasErrors());
}

TEST(LtxPresets, StrongLora) {
  ReferenceVideoToVideoLoraInput in =
      presets::StrongLora(kVideo, "A grand ballroom with crystal chandeliers.");
  EXPECT_EQ(in.prompt, "3DREAL. A grand ballroom with crystal chandeliers.");
  EXPECT_EQ(in.video_url, File(kVideo));
  ASSERT_EQ(in.loras.size(), 1u);
  EXPECT_EQ(in.loras[0].path,
            "https://v3b.fal.media/files/b/0a9fe083/H7caCyG_wt9hy_51tMEmu_3DREAL-strong.safetensors");
  EXPECT_EQ(in.loras[0].path, presets::k3DRealStrongLoraUrl);
  EXPECT_EQ(in.loras[0].scale, 1.0);
  EXPECT_EQ(in.loras[0].transformer, "both");
  EXPECT_FALSE(in.loras[0].weight_name.has_value());
  EXPECT_EQ(in.resolution, (VideoSizeOrAuto{ImageSize{1280, 704}}));
  EXPECT_EQ(in.enable_prompt_expansion, false) << "the expander could drop the trigger on this endpoint";
  EXPECT_TRUE(test::Check(in).findings.empty()) << test::Check(in).ToString();

  const Json body = ParseJson(EndpointTraits<ReferenceVideoToVideoLoraInput>::ToJson(in));
  EXPECT_EQ(body["loras"], Json::parse(R"([{"path":"https://v3b.fal.media/files/b/0a9fe083/)"
                                       R"(H7caCyG_wt9hy_51tMEmu_3DREAL-strong.safetensors","scale":1.0,)"
                                       R"("transformer":"both"}])"));
  EXPECT_EQ(body["resolution"], (Json{{"width", 1280}, {"height", 704}}));
  EXPECT_EQ(body["prompt"], "3DREAL. A grand ballroom with crystal chandeliers.");
}

TEST(LtxPresets, StrongLoraTriggerCases) {
  EXPECT_EQ(presets::StrongLora(kVideo).prompt, "3DREAL. ");
  EXPECT_EQ(presets::StrongLora(kVideo, "3DREAL. x").prompt, "3DREAL. x");
  EXPECT_EQ(presets::StrongLora(kVideo, " 3DREAL. x").prompt, "3DREAL. x");
  EXPECT_EQ(presets::StrongLora(kVideo, "3dreal. x").prompt, "3DREAL. 3dreal. x");
}

TEST(LtxPresets, StrongLoraWarnsWhenTheTriggerIsEditedAway) {
  ReferenceVideoToVideoLoraInput in = presets::StrongLora(kVideo);
  in.prompt = "A ballroom.";
  EXPECT_TRUE(test::Has(test::Check(in), "prompt", "trigger_missing", Severity::kWarning));
  EXPECT_FALSE(test::Check(in).HasErrors()) << "a warning, never a rejection";
}

TEST(LtxPresets, StrongLoraBudget) {
  ReferenceVideoToVideoLoraInput in = presets::StrongLora(kVideo);
  in.num_frames = 145;
  EXPECT_TRUE(test::Check(in).findings.empty());
  in.num_frames = 161;
  EXPECT_TRUE(test::Has(test::Check(in), "num_frames", "budget_exceeded", Severity::kWarning));
}

}  // namespace
}  // namespace fal::ltx
