// Every field's JSON name, its value on the wire, and its omission when unset; extra_json passthrough.

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Json;

template <class Input>
struct FieldCase {
  const char* key;
  std::function<void(Input&)> set;
  Json expected;
};

template <class Input>
Json Body(const Input& in) {
  return Json::parse(EndpointTraits<Input>::ToJson(in));
}

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
  return keys;
}

// The bare input sends only `required`; each case adds exactly its key, with the expected value.
template <class Input>
void ExpectFields(const Input& bare, const std::set<std::string>& required,
                  const std::vector<FieldCase<Input>>& cases) {
  EXPECT_EQ(Keys(Body(bare)), required) << "unset optionals must be left out, never null";
  std::set<std::string> seen;
  for (const FieldCase<Input>& c : cases) {
    EXPECT_TRUE(seen.insert(c.key).second) << "duplicate case " << c.key;
    Input in = bare;
    c.set(in);
    const Json body = Body(in);
    std::set<std::string> expected_keys = required;
    expected_keys.insert(c.key);
    EXPECT_EQ(Keys(body), expected_keys) << c.key;
    ASSERT_TRUE(body.contains(c.key)) << c.key;
    EXPECT_EQ(body[c.key], c.expected) << c.key;
  }
}

TEST(LtxFields, RenderToReal) {
  RenderToRealInput bare;
  bare.video_url = "https://example.com/r.mp4";
  using In = RenderToRealInput;
  ExpectFields<In>(
      bare, {"video_url"},
      {
          {"image_url", [](In& i) { i.image_url = "https://example.com/i.png"; },
           "https://example.com/i.png"},
          {"prompt", [](In& i) { i.prompt = "3DREAL. x"; }, "3DREAL. x"},
          {"resolution", [](In& i) { i.resolution = RenderResolution::k480p; }, "480p"},
          {"intensity", [](In& i) { i.intensity = Intensity::kStrongV2; }, "strong-v2"},
          {"enable_detail_refine", [](In& i) { i.enable_detail_refine = false; }, false},
          {"detail_refine_strength", [](In& i) { i.detail_refine_strength = 0.5; }, 0.5},
          {"num_frames", [](In& i) { i.num_frames = 97; }, 97},
          {"frames_per_second", [](In& i) { i.frames_per_second = 30.0; }, 30.0},
          {"num_inference_steps", [](In& i) { i.num_inference_steps = 20; }, 20},
          {"guidance_scale", [](In& i) { i.guidance_scale = 2.5; }, 2.5},
          {"generate_audio", [](In& i) { i.generate_audio = false; }, false},
          {"negative_prompt", [](In& i) { i.negative_prompt = "blur"; }, "blur"},
          {"enable_prompt_expansion", [](In& i) { i.enable_prompt_expansion = true; }, true},
          {"seed", [](In& i) { i.seed = 4294967296LL; }, 4294967296LL},
          {"enable_safety_checker", [](In& i) { i.enable_safety_checker = false; }, false},
          {"video_quality", [](In& i) { i.video_quality = VideoQuality::kMaximum; }, "maximum"},
          {"video_write_mode", [](In& i) { i.video_write_mode = VideoWriteMode::kSmall; }, "small"},
          {"sync_mode", [](In& i) { i.sync_mode = true; }, true},
      });
}

TEST(LtxFields, ReferenceVideoToVideoLora) {
  ReferenceVideoToVideoLoraInput bare;
  bare.prompt = "p";
  bare.video_url = "https://example.com/v.mp4";
  using In = ReferenceVideoToVideoLoraInput;
  ExpectFields<In>(
      bare, {"prompt", "video_url", "loras"},
      {
          {"control_video_url", [](In& i) { i.control_video_url = "https://example.com/c.mp4"; },
           "https://example.com/c.mp4"},
          {"skip_control_preprocess", [](In& i) { i.skip_control_preprocess = true; }, true},
          {"preserve_original_video", [](In& i) { i.preserve_original_video = false; }, false},
          {"image_url", [](In& i) { i.image_url = "https://example.com/a.png"; },
           "https://example.com/a.png"},
          {"mid_image_url", [](In& i) { i.mid_image_url = "https://example.com/b.png"; },
           "https://example.com/b.png"},
          {"end_image_url", [](In& i) { i.end_image_url = "https://example.com/c.png"; },
           "https://example.com/c.png"},
          {"video_strength", [](In& i) { i.video_strength = 0.6; }, 0.6},
          {"strength", [](In& i) { i.strength = 0.5; }, 0.5},
          {"num_frames", [](In& i) { i.num_frames = 121; }, 121},
          {"resolution",
           [](In& i) {
             i.resolution = ImageSize{1280, 704};
           },
           Json{{"width", 1280}, {"height", 704}}},
          {"frames_per_second", [](In& i) { i.frames_per_second = 24.0; }, 24},
          {"num_inference_steps", [](In& i) { i.num_inference_steps = 15; }, 15},
          {"guidance_scale", [](In& i) { i.guidance_scale = 1.0; }, 1},
          {"generate_audio", [](In& i) { i.generate_audio = true; }, true},
          {"negative_prompt", [](In& i) { i.negative_prompt = "n"; }, "n"},
          {"seed", [](In& i) { i.seed = 7; }, 7},
          {"enable_prompt_expansion", [](In& i) { i.enable_prompt_expansion = false; }, false},
          {"enable_safety_checker", [](In& i) { i.enable_safety_checker = true; }, true},
          {"video_quality", [](In& i) { i.video_quality = VideoQuality::kLow; }, "low"},
          {"video_write_mode", [](In& i) { i.video_write_mode = VideoWriteMode::kFast; }, "fast"},
          {"sync_mode", [](In& i) { i.sync_mode = false; }, false},
      });
  // The required list is sent even when empty.
  EXPECT_EQ(Body(bare)["loras"], Json::array());
}

TEST(LtxFields, LoraInput) {
  ReferenceVideoToVideoLoraInput in;
  in.loras = {LoraInput{"https://example.com/a.safetensors", std::nullopt, std::nullopt, std::nullopt},
              LoraInput{"owner/repo", 0.5, std::string("both"), std::string("w.safetensors")}};
  const Json loras = Body(in)["loras"];
  EXPECT_EQ(loras[0], (Json{{"path", "https://example.com/a.safetensors"}})) << "unset scale etc. left out";
  EXPECT_EQ(loras[1], (Json{{"path", "owner/repo"},
                            {"scale", 0.5},
                            {"transformer", "both"},
                            {"weight_name", "w.safetensors"}}));
}

TEST(LtxFields, ImageToVideo) {
  ImageToVideoInput bare;
  bare.prompt = "p";
  bare.image_url = "https://example.com/i.jpg";
  using In = ImageToVideoInput;
  ExpectFields<In>(
      bare, {"prompt", "image_url"},
      {
          {"num_frames", [](In& i) { i.num_frames = 9; }, 9},
          {"resolution", [](In& i) { i.resolution = AutoSize{}; }, "auto"},
          {"frames_per_second", [](In& i) { i.frames_per_second = 25.0; }, 25},
          {"num_inference_steps", [](In& i) { i.num_inference_steps = 8; }, 8},
          {"guidance_scale", [](In& i) { i.guidance_scale = 3.0; }, 3},
          {"generate_audio", [](In& i) { i.generate_audio = false; }, false},
          {"image_strength", [](In& i) { i.image_strength = 0.7; }, 0.7},
          {"negative_prompt", [](In& i) { i.negative_prompt = ""; }, ""},
          {"seed", [](In& i) { i.seed = 0; }, 0},
          {"enable_prompt_expansion", [](In& i) { i.enable_prompt_expansion = true; }, true},
          {"enable_safety_checker", [](In& i) { i.enable_safety_checker = false; }, false},
          {"video_quality", [](In& i) { i.video_quality = VideoQuality::kMedium; }, "medium"},
          {"video_write_mode", [](In& i) { i.video_write_mode = VideoWriteMode::kBalanced; }, "balanced"},
          {"sync_mode", [](In& i) { i.sync_mode = true; }, true},
      });
}

TEST(LtxFields, TextToVideoLora) {
  TextToVideoLoraInput bare;
  bare.prompt = "p";
  using In = TextToVideoLoraInput;
  ExpectFields<In>(
      bare, {"prompt", "loras"},
      {
          {"num_frames", [](In& i) { i.num_frames = 161; }, 161},
          {"video_size", [](In& i) { i.video_size = SizePreset::kLandscape16x9; }, "landscape_16_9"},
          {"generate_audio", [](In& i) { i.generate_audio = false; }, false},
          {"use_multiscale", [](In& i) { i.use_multiscale = false; }, false},
          {"fps", [](In& i) { i.fps = 25.0; }, 25},
          {"num_inference_steps", [](In& i) { i.num_inference_steps = 40; }, 40},
          {"video_cfg_scale", [](In& i) { i.video_cfg_scale = 3.0; }, 3},
          {"video_stg_scale", [](In& i) { i.video_stg_scale = 1.0; }, 1},
          {"video_rescaling_scale", [](In& i) { i.video_rescaling_scale = 0.85; }, 0.85},
          {"video_modality_scale", [](In& i) { i.video_modality_scale = 3.0; }, 3},
          {"audio_cfg_scale", [](In& i) { i.audio_cfg_scale = 7.0; }, 7},
          {"audio_stg_scale", [](In& i) { i.audio_stg_scale = 0.0; }, 0},
          {"audio_rescaling_scale", [](In& i) { i.audio_rescaling_scale = 0.7; }, 0.7},
          {"audio_modality_scale", [](In& i) { i.audio_modality_scale = 3.0; }, 3},
          {"gradient_estimation_gamma", [](In& i) { i.gradient_estimation_gamma = 2.0; }, 2},
          {"use_restart_sampling", [](In& i) { i.use_restart_sampling = true; }, true},
          {"scheduler", [](In& i) { i.scheduler = Scheduler::kLinearQuadratic; }, "linear_quadratic"},
          {"acceleration", [](In& i) { i.acceleration = Acceleration::kRegular; }, "regular"},
          {"camera_lora", [](In& i) { i.camera_lora = CameraLora::kJibUp; }, "jib_up"},
          {"camera_lora_scale", [](In& i) { i.camera_lora_scale = 0.5; }, 0.5},
          {"negative_prompt", [](In& i) { i.negative_prompt = "static"; }, "static"},
          {"seed", [](In& i) { i.seed = 149063119; }, 149063119},
          {"enable_prompt_expansion", [](In& i) { i.enable_prompt_expansion = false; }, false},
          {"enable_safety_checker", [](In& i) { i.enable_safety_checker = false; }, false},
          {"video_output_type", [](In& i) { i.video_output_type = VideoOutputType::kVp9Webm; },
           "VP9 (.webm)"},
          {"video_quality", [](In& i) { i.video_quality = VideoQuality::kHigh; }, "high"},
          {"video_write_mode", [](In& i) { i.video_write_mode = VideoWriteMode::kSmall; }, "small"},
          {"sync_mode", [](In& i) { i.sync_mode = true; }, true},
          {"distill_lora_first_pass_scale", [](In& i) { i.distill_lora_first_pass_scale = 0.0; }, 0},
          {"distill_lora_second_pass_scale", [](In& i) { i.distill_lora_second_pass_scale = 0.5; }, 0.5},
      });
}

TEST(LtxFields, FilesToUploadShowAsPlaceholders) {
  RenderToRealInput in;
  in.video_url = File::FromPath("/tmp/blockout.mp4");
  in.image_url = File::FromBytes("\x89PNG", "first.png", "image/png");
  const Json body = Body(in);
  EXPECT_EQ(body["video_url"], "<upload: /tmp/blockout.mp4>");
  EXPECT_EQ(body["image_url"], "<upload: first.png>");
}

TEST(LtxFields, FilesListsEverySetFileField) {
  RenderToRealInput r2r = test::ValidRenderToReal();
  EXPECT_EQ(EndpointTraits<RenderToRealInput>::Files(r2r), (std::vector<File*>{&r2r.video_url}));
  r2r.image_url = "https://example.com/i.png";
  EXPECT_EQ(EndpointTraits<RenderToRealInput>::Files(r2r),
            (std::vector<File*>{&r2r.video_url, &*r2r.image_url}));

  ReferenceVideoToVideoLoraInput rv = test::ValidReferenceVideo();
  EXPECT_EQ(EndpointTraits<ReferenceVideoToVideoLoraInput>::Files(rv).size(), 1u);
  rv.control_video_url = "https://example.com/c.mp4";
  rv.image_url = "https://example.com/a.png";
  rv.mid_image_url = "https://example.com/b.png";
  rv.end_image_url = "https://example.com/c.png";
  EXPECT_EQ(EndpointTraits<ReferenceVideoToVideoLoraInput>::Files(rv),
            (std::vector<File*>{&rv.video_url, &*rv.control_video_url, &*rv.image_url, &*rv.mid_image_url,
                                &*rv.end_image_url}));

  ImageToVideoInput i2v = test::ValidImageToVideo();
  EXPECT_EQ(EndpointTraits<ImageToVideoInput>::Files(i2v), (std::vector<File*>{&i2v.image_url}));

  TextToVideoLoraInput t2v = test::ValidTextToVideo();
  EXPECT_TRUE(EndpointTraits<TextToVideoLoraInput>::Files(t2v).empty());
}

TEST(LtxExtraJson, MergedUnderTypedFields) {
  RenderToRealInput in = test::ValidRenderToReal();
  in.num_frames = 97;
  in.extra_json = R"({"num_frames": 9999, "new_field": {"a": [1, 2]}, "another": null})";
  const Json body = Body(in);
  EXPECT_EQ(body["num_frames"], 97) << "the typed field wins a clash";
  EXPECT_EQ(body["new_field"], (Json{{"a", {1, 2}}}));
  EXPECT_TRUE(body.contains("another")) << "extra fields pass through untouched, null included";
}

TEST(LtxExtraJson, InvalidExtraIsLeftOutOfTheBody) {
  for (const char* extra : {"[1,2]", "not json", "\"str\"", "{\"a\":"}) {
    TextToVideoLoraInput in = test::ValidTextToVideo();
    in.extra_json = extra;
    EXPECT_EQ(Body(in), Body(test::ValidTextToVideo())) << extra;
  }
}

TEST(LtxExtraJson, EveryEndpointMerges) {
  const std::string extra = R"({"future_knob": 3})";
  RenderToRealInput a = test::ValidRenderToReal();
  ReferenceVideoToVideoLoraInput b = test::ValidReferenceVideo();
  ImageToVideoInput c = test::ValidImageToVideo();
  TextToVideoLoraInput d = test::ValidTextToVideo();
  a.extra_json = b.extra_json = c.extra_json = d.extra_json = extra;
  EXPECT_EQ(Body(a)["future_knob"], 3);
  EXPECT_EQ(Body(b)["future_knob"], 3);
  EXPECT_EQ(Body(c)["future_knob"], 3);
  EXPECT_EQ(Body(d)["future_knob"], 3);
}

TEST(LtxEndpointIds, AsFalNamesThem) {
  EXPECT_STREQ(EndpointTraits<RenderToRealInput>::kEndpointId, "fal-ai/ltx-2.3-quality/render-to-real");
  EXPECT_STREQ(EndpointTraits<ReferenceVideoToVideoLoraInput>::kEndpointId,
               "fal-ai/ltx-2.3-quality/reference-video-to-video/lora");
  EXPECT_STREQ(EndpointTraits<ImageToVideoInput>::kEndpointId, "fal-ai/ltx-2.3-quality/image-to-video");
  EXPECT_STREQ(EndpointTraits<TextToVideoLoraInput>::kEndpointId, "fal-ai/ltx-2.3-22b/text-to-video/lora");
}

}  // namespace
}  // namespace fal::ltx
