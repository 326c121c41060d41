// The 3DREAL trigger: detection, EnsureTrigger, render-to-real's Finalize and the final prompt in the body.

#include "fal/ltx/trigger.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "fal/ltx/render_to_real.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

struct TriggerCase {
  const char* name;
  std::optional<std::string> prompt;  // as the caller set it; nullopt = unset
  std::string final_prompt;           // what render-to-real sends
};

const std::vector<TriggerCase>& Cases() {
  static const std::vector<TriggerCase> cases = {
      {"unset", std::nullopt, "3DREAL. "},
      {"empty", "", "3DREAL. "},
      {"whitespace only", " \t\n", "3DREAL. "},
      {"missing", "A cargo ship at dawn.", "3DREAL. A cargo ship at dawn."},
      {"present", "3DREAL. A cargo ship at dawn.", "3DREAL. A cargo ship at dawn."},
      {"present, bare word", "3DREAL", "3DREAL"},
      {"present, comma", "3DREAL, a ship", "3DREAL, a ship"},
      {"present, no separator before text", "3DREAL a ship", "3DREAL a ship"},
      {"present after leading spaces: trimmed", "   3DREAL. A ship.", "3DREAL. A ship."},
      {"present after a newline: trimmed", "\n3DREAL. A ship.", "3DREAL. A ship."},
      {"missing after leading spaces: trimmed, then prepended", "  A ship.", "3DREAL. A ship."},
      {"lower case does not count", "3dreal. A ship.", "3DREAL. 3dreal. A ship."},
      {"mixed case does not count", "3DReal A ship", "3DREAL. 3DReal A ship"},
      {"a longer word is not the trigger", "3DREALISTIC city", "3DREAL. 3DREALISTIC city"},
      {"trigger later in the prompt does not count", "A ship. 3DREAL.", "3DREAL. A ship. 3DREAL."},
      {"trailing whitespace kept", "3DREAL. x  ", "3DREAL. x  "},
  };
  return cases;
}

TEST(LtxTrigger, EnsureTrigger) {
  for (const TriggerCase& c : Cases()) {
    EXPECT_EQ(EnsureTrigger(c.prompt.value_or("")), c.final_prompt) << c.name;
    EXPECT_TRUE(StartsWithTrigger(c.final_prompt)) << c.name;
    EXPECT_EQ(EnsureTrigger(c.final_prompt), c.final_prompt) << c.name << ": idempotent";
  }
}

TEST(LtxTrigger, StartsWithTrigger) {
  EXPECT_TRUE(StartsWithTrigger("3DREAL"));
  EXPECT_TRUE(StartsWithTrigger("3DREAL. x"));
  EXPECT_TRUE(StartsWithTrigger("  3DREAL. x"));
  EXPECT_TRUE(StartsWithTrigger("3DREAL-x"));
  EXPECT_FALSE(StartsWithTrigger(""));
  EXPECT_FALSE(StartsWithTrigger("3DREA"));
  EXPECT_FALSE(StartsWithTrigger("3dreal"));
  EXPECT_FALSE(StartsWithTrigger("3DREAL2"));
  EXPECT_FALSE(StartsWithTrigger("x 3DREAL"));
}

TEST(LtxTrigger, RenderToRealFinalizeAndBody) {
  for (const TriggerCase& c : Cases()) {
    RenderToRealInput in = test::ValidRenderToReal();
    in.prompt = c.prompt;
    EndpointTraits<RenderToRealInput>::Finalize(in);
    ASSERT_TRUE(in.prompt.has_value()) << c.name;
    EXPECT_EQ(*in.prompt, c.final_prompt) << c.name << ": the request shows the final prompt";
    EXPECT_EQ(test::ParseJson(EndpointTraits<RenderToRealInput>::ToJson(in))["prompt"], c.final_prompt)
        << c.name;
    EndpointTraits<RenderToRealInput>::Finalize(in);
    EXPECT_EQ(*in.prompt, c.final_prompt) << c.name << ": Finalize is idempotent";
  }
}

TEST(LtxTrigger, Is3DRealLora) {
  EXPECT_TRUE(
      Is3DRealLora("https://v3b.fal.media/files/b/0a9fe083/H7caCyG_wt9hy_51tMEmu_3DREAL-strong.safetensors"));
  EXPECT_TRUE(Is3DRealLora("3dreal-light.safetensors"));
  EXPECT_TRUE(Is3DRealLora("fal/LTX-2.3-3DREAL-LoRA"));
  EXPECT_FALSE(Is3DRealLora("https://example.com/style.safetensors"));
  EXPECT_FALSE(Is3DRealLora("3DREA"));
  EXPECT_FALSE(Is3DRealLora(""));
}

TEST(LtxTrigger, OtherEndpointsLeaveThePromptAlone) {
  ReferenceVideoToVideoLoraInput rv = test::ValidReferenceVideo();
  rv.prompt = "  A ballroom.";
  rv.loras[0].path = "https://e.com/3DREAL-strong.safetensors";
  EndpointTraits<ReferenceVideoToVideoLoraInput>::Finalize(rv);
  EXPECT_EQ(rv.prompt, "  A ballroom.") << "this endpoint does not add the trigger; Validate warns instead";

  ImageToVideoInput iv = test::ValidImageToVideo();
  EndpointTraits<ImageToVideoInput>::Finalize(iv);
  EXPECT_EQ(iv.prompt, test::ValidImageToVideo().prompt);

  TextToVideoLoraInput tv = test::ValidTextToVideo();
  EndpointTraits<TextToVideoLoraInput>::Finalize(tv);
  EXPECT_EQ(tv.prompt, test::ValidTextToVideo().prompt);
}

}  // namespace
}  // namespace fal::ltx
