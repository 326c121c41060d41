// fal-ai/ltx-2.3-22b/extend-video and its /lora variant (issue 14): one table for both (the /lora input
// derives from the plain one), fal's field counts (39 and 40), the body, the overlap rules in all three
// validation modes, the files to upload and the 22b output.

#include "fal/ltx/extend_video_22b.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Check;
using test::Has;
using test::Json;
using test::ParseJson;

template <class Input>
Json Body(const Input& in) {
  return ParseJson(EndpointTraits<Input>::ToJson(in));
}

Ltx22bExtendVideoInput Valid() {
  Ltx22bExtendVideoInput in;
  in.prompt = "Continue the scene naturally, maintaining the same style and motion.";
  in.video_url = File("https://example.com/shot.mp4");
  return in;
}

TEST(Ltx22bExtendVideo, FieldCountsAreFals) {
  EXPECT_EQ(EndpointTraits<Ltx22bExtendVideoInput>::Description().fields.size(), 39u);
  EXPECT_EQ(EndpointTraits<Ltx22bExtendVideoLoraInput>::Description().fields.size(), 40u);
  EXPECT_EQ(EndpointTraits<Ltx22bExtendVideoInput>::Description().Find("loras"), nullptr);
  const EndpointDescription& d = EndpointTraits<Ltx22bExtendVideoLoraInput>::Description();
  EXPECT_EQ(d.id, "fal-ai/ltx-2.3-22b/extend-video/lora");
  ASSERT_NE(d.Find("video_url"), nullptr);
  EXPECT_TRUE(d.Find("video_url")->required);
  EXPECT_EQ(d.Find("video_url")->flag, "video");
  EXPECT_EQ(d.Find("video_size")->documented_default, "auto");
  EXPECT_EQ(d.Find("num_context_frames")->max, 121.0);
  EXPECT_EQ(d.Find("num_inference_steps")->max, 50.0) << "the 22b rows, not the quality ones";
}

TEST(Ltx22bExtendVideo, BodyCarriesTheSetFieldsOnly) {
  EXPECT_EQ(Body(Valid()),
            ParseJson(R"({"prompt":"Continue the scene naturally, maintaining the same style and motion.",
                                         "video_url":"https://example.com/shot.mp4"})"));
  Ltx22bExtendVideoLoraInput in;
  static_cast<Ltx22bExtendVideoInput&>(in) = Valid();
  in.loras = {LoraInput{"https://example.com/style.safetensors", 0.8, std::nullopt, std::nullopt}};
  in.extend_direction = ExtendDirection::kBackward;
  in.num_context_frames = 33;
  in.audio_strength = 0.5;
  in.video_size = AutoSize{};
  in.video_cfg_scale = 3;
  const Json body = Body(in);
  EXPECT_EQ(body["extend_direction"], "backward");
  EXPECT_EQ(body["num_context_frames"], 33);
  EXPECT_EQ(body["audio_strength"], 0.5);
  EXPECT_EQ(body["video_size"], "auto");
  EXPECT_EQ(body["video_cfg_scale"], 3);
  EXPECT_EQ(body["loras"][0]["path"], "https://example.com/style.safetensors");
  EXPECT_EQ(body.size(), 8u) << body.dump();
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
}

TEST(Ltx22bExtendVideo, OverlapRulesInAllThreeModes) {
  Ltx22bExtendVideoInput in = Valid();
  in.num_frames = 121;
  in.num_context_frames = 121;  // nothing new would be generated
  in.video_strength = 1.5;
  ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "num_context_frames", "value_error", Severity::kError)) << r.ToString();
  EXPECT_TRUE(Has(r, "video_strength", "less_than_equal", Severity::kError)) << r.ToString();
  EXPECT_FALSE(ApplyValidationMode(r, ValidationMode::kStrict));
  EXPECT_TRUE(ApplyValidationMode(r, ValidationMode::kWarn));
  EXPECT_TRUE(ApplyValidationMode(r, ValidationMode::kOff));

  in = Valid();
  in.num_context_frames = 24;  // snapped down to 17 by the server
  r = Check(in);
  EXPECT_FALSE(r.HasErrors()) << r.ToString();
  EXPECT_TRUE(Has(r, "num_context_frames", "frame_grid", Severity::kWarning)) << r.ToString();
}

TEST(Ltx22bExtendVideo, NoQualityBudgetButTheLengthWarning) {
  // 481 frames at 1080p-class is over the quality extend-video's budget, which is not the 22b endpoint's.
  Ltx22bExtendVideoInput in = Valid();
  in.video_size = ImageSize{1920, 1088};
  in.num_frames = 481;
  const ValidationReport r = Check(in);
  EXPECT_FALSE(r.HasErrors()) << r.ToString();
  EXPECT_FALSE(Has(r, "num_frames", "budget_exceeded", Severity::kError)) << r.ToString();
}

TEST(Ltx22bExtendVideo, UploadsTheSourceAndTheEndImage) {
  Ltx22bExtendVideoLoraInput in;
  static_cast<Ltx22bExtendVideoInput&>(in) = Valid();
  EXPECT_EQ(EndpointTraits<Ltx22bExtendVideoLoraInput>::Files(in).size(), 1u);
  in.end_image_url = File("https://example.com/end.png");
  const auto files = EndpointTraits<Ltx22bExtendVideoLoraInput>::Files(in);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0], &in.video_url);
  EXPECT_EQ(files[1], &*in.end_image_url);
  in.video_url = File();
  EXPECT_TRUE(Has(Check(in), "video_url", "missing", Severity::kError)) << Check(in).ToString();
}

TEST(Ltx22bExtendVideo, ParsesThe22bOutput) {
  const auto out = EndpointTraits<Ltx22bExtendVideoInput>::ParseOutput(
      R"({"video":{"url":"https://v3b.fal.media/x.mp4","width":1280,"height":704,"fps":24,"num_frames":242,
          "duration":10.08},"seed":7,"prompt":"p"})");
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->video.url, "https://v3b.fal.media/x.mp4");
  EXPECT_EQ(out->video.num_frames.value_or(0), 242);
  EXPECT_EQ(out->seed.value_or(0), 7);
  EXPECT_FALSE(EndpointTraits<Ltx22bExtendVideoInput>::ParseOutput(R"({"seed":1})").ok());
}

}  // namespace
}  // namespace fal::ltx
