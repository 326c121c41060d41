// The distilled 22b /lora endpoints (issue 14): fal-ai/ltx-2.3-22b/distilled/text-to-video/lora and
// distilled/image-to-video/lora. Golden JSON from fal's full examples, the knobs the distilled model does not
// have, the rules in all three validation modes, the files to upload, the shared table and the output.

#include "fal/ltx/distilled.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "fal/ltx/defaults.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Check;
using test::Has;
using test::Json;
using test::ParseJson;
using test::ReadFixture;

using T2v = Ltx22bDistilledTextToVideoLoraInput;
using I2v = Ltx22bDistilledImageToVideoLoraInput;

const LoraInput kEmptyPathLora{"", 1, std::nullopt, std::nullopt};  // fal's own example
const LoraInput kLora{"https://example.com/western.safetensors", 1, std::nullopt, std::nullopt};

template <class Input>
Json Body(const Input& in) {
  return ParseJson(EndpointTraits<Input>::ToJson(in));
}

void ExpectModes(const ValidationReport& report) {
  ASSERT_TRUE(report.HasErrors()) << report.ToString();
  EXPECT_FALSE(ApplyValidationMode(report, ValidationMode::kStrict));
  EXPECT_TRUE(ApplyValidationMode(report, ValidationMode::kWarn));
  EXPECT_TRUE(ApplyValidationMode(report, ValidationMode::kOff));
}

T2v ValidT2v() {
  T2v in;
  in.prompt = "A cowboy at high noon.";
  in.loras = {kLora};
  return in;
}

I2v ValidI2v() {
  I2v in;
  in.prompt = "The camera dollies in.";
  in.image_url = "https://example.com/start.jpg";
  in.loras = {kLora};
  return in;
}

// The fields both endpoints set the same way in fal's full examples.
template <class In>
void SetSharedExample(In& in) {
  in.num_frames = 121;
  in.generate_audio = true;
  in.use_multiscale = true;
  in.fps = 24;
  in.scheduler = Scheduler::kLtx2;
  in.acceleration = Acceleration::kNone;
  in.camera_lora = CameraLora::kNone;
  in.camera_lora_scale = 1;
  in.negative_prompt = std::string(defaults::k22bNegativePrompt);
  in.enable_prompt_expansion = true;
  in.enable_safety_checker = true;
  in.video_output_type = VideoOutputType::kX264Mp4;
  in.video_quality = VideoQuality::kHigh;
  in.video_write_mode = VideoWriteMode::kBalanced;
  in.loras = {kEmptyPathLora};
  in.distill_lora_second_pass_scale = 0.5;
}

// ---- The published schemas: field counts, the knobs the distilled model lacks, defaults ----

TEST(LtxDistilled, FieldCountsAreFals) {
  EXPECT_EQ(EndpointTraits<T2v>::Description().fields.size(), 20u);
  EXPECT_EQ(EndpointTraits<I2v>::Description().fields.size(), 25u);
  EXPECT_EQ(EndpointTraits<T2v>::Fields().size(), 20u);
  EXPECT_EQ(EndpointTraits<I2v>::Fields().size(), 25u);
}

TEST(LtxDistilled, NoStepsGuidanceOrFirstPassScale) {
  for (const EndpointDescription* d :
       {&EndpointTraits<T2v>::Description(), &EndpointTraits<I2v>::Description()}) {
    for (const char* absent : {"num_inference_steps", "video_cfg_scale", "audio_cfg_scale", "video_stg_scale",
                               "video_rescaling_scale", "gradient_estimation_gamma", "use_restart_sampling",
                               "distill_lora_first_pass_scale"}) {
      EXPECT_EQ(d->Find(absent), nullptr) << d->id << " " << absent;
    }
    ASSERT_NE(d->Find("distill_lora_second_pass_scale"), nullptr);
  }
}

// The image endpoint is the text one plus its images, strengths and direction: one table builder.
TEST(LtxDistilled, ImageEndpointIsTheTextOnePlusItsImageFields) {
  const EndpointDescription& t2v = EndpointTraits<T2v>::Description();
  const EndpointDescription& i2v = EndpointTraits<I2v>::Description();
  std::set<std::string> extra;
  for (const FieldDescription& f : i2v.fields) {
    const FieldDescription* same = t2v.Find(f.name);
    if (same == nullptr) {
      extra.insert(f.name);
      continue;
    }
    if (f.name == "video_size") continue;  // auto on image-to-video only
    EXPECT_EQ(same->type, f.type) << f.name;
    EXPECT_EQ(same->required, f.required) << f.name;
    EXPECT_EQ(same->min, f.min) << f.name;
    EXPECT_EQ(same->max, f.max) << f.name;
    EXPECT_EQ(same->choices, f.choices) << f.name;
    EXPECT_EQ(same->documented_default, f.documented_default) << f.name;
  }
  EXPECT_EQ(extra, (std::set<std::string>{"image_url", "end_image_url", "interpolation_direction",
                                          "image_strength", "end_image_strength"}));
}

TEST(LtxDistilled, DefaultsAreTheDistilledPages) {
  const EndpointDescription& t2v = EndpointTraits<T2v>::Description();
  const EndpointDescription& i2v = EndpointTraits<I2v>::Description();
  EXPECT_EQ(t2v.Find("acceleration")->documented_default, "none");  // regular on 22b text-to-video
  EXPECT_EQ(t2v.Find("video_size")->documented_default, "landscape_16_9");
  EXPECT_EQ(i2v.Find("video_size")->documented_default, "auto");
  EXPECT_EQ(i2v.Find("video_size")->choices.front(), "auto");
  EXPECT_EQ(t2v.Find("video_size")->choices.front(), "square_hd");  // no auto without an image
  EXPECT_EQ(i2v.Find("interpolation_direction")->choices, (std::vector<std::string>{"forward", "backward"}));
  EXPECT_EQ(i2v.Find("image_strength")->documented_default, "1");
  EXPECT_EQ(t2v.Find("distill_lora_second_pass_scale")->documented_default, "0.5");
  EXPECT_TRUE(t2v.Find("loras")->required);
  EXPECT_TRUE(i2v.Find("image_url")->required);
  EXPECT_FALSE(i2v.Find("end_image_url")->required);
}

// ---- Golden JSON (fal's full examples) ----

TEST(LtxDistilled, TextToVideoLoraGolden) {
  T2v in;
  in.prompt =
      "A cowboy walking through a dusty town at high noon, camera following from behind, cinematic depth, "
      "realistic lighting, western mood, 4K film grain.";
  in.video_size = SizePreset::kLandscape16x9;
  SetSharedExample(in);
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("distilled_text_to_video_lora_input.json")));
  // fal's example LoRA has an empty path: accepted on 22b, no error.
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(LtxDistilled, ImageToVideoLoraGolden) {
  I2v in;
  in.prompt =
      "A woman stands still amid a busy neon-lit street at night. The camera slowly dollies in toward her "
      "face as people blur past, their motion emphasizing her calm presence. City lights flicker and "
      "reflections shift across her denim jacket.";
  in.image_url = "https://storage.googleapis.com/falserverless/example_inputs/ltxv-2-i2v-input.jpg";
  in.video_size = AutoSize{};
  SetSharedExample(in);
  in.interpolation_direction = InterpolationDirection::kForward;
  in.image_strength = 1;
  in.end_image_strength = 1;
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("distilled_image_to_video_lora_input.json")));
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

// An empty input sends exactly the required rows; a full one sends only described keys.
TEST(LtxDistilled, BodiesAreTheDescribedRows) {
  EXPECT_EQ(Body(T2v{}), ParseJson(R"({"prompt":"","loras":[]})"));
  EXPECT_EQ(Body(I2v{}), ParseJson(R"({"prompt":"","image_url":"","loras":[]})"));
  const Json full = ParseJson(ReadFixture("distilled_image_to_video_lora_input.json"));
  for (auto it = full.begin(); it != full.end(); ++it) {
    EXPECT_NE(EndpointTraits<I2v>::Description().Find(it.key()), nullptr) << it.key();
  }
}

// ---- Rules in all three modes ----

TEST(LtxDistilled, TextToVideoLoraRules) {
  T2v in = ValidT2v();
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  in.fps = 61;
  in.camera_lora_scale = 1.5;
  in.distill_lora_second_pass_scale = -0.1;
  in.num_frames = 482;
  in.loras = {LoraInput{"https://example.com/a.safetensors", 4.5, std::nullopt, std::nullopt}};
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "fps", "less_than_equal", Severity::kError)) << r.ToString();
  EXPECT_TRUE(Has(r, "camera_lora_scale", "less_than_equal", Severity::kError));
  EXPECT_TRUE(Has(r, "distill_lora_second_pass_scale", "greater_than_equal", Severity::kError));
  EXPECT_TRUE(Has(r, "num_frames", "less_than_equal", Severity::kError));
  EXPECT_TRUE(Has(r, "loras.0.scale", "less_than_equal", Severity::kError));
  ExpectModes(r);
  // No LoRA and a blank prompt: warned, not rejected (fal's schema has no minimum for either).
  T2v bare;
  bare.prompt = " ";
  const ValidationReport w = Check(bare);
  EXPECT_FALSE(w.HasErrors()) << w.ToString();
  EXPECT_TRUE(Has(w, "loras", "too_short", Severity::kWarning)) << w.ToString();
  EXPECT_TRUE(Has(w, "prompt", "blank", Severity::kWarning)) << w.ToString();
  // Off the 8k+1 grid: a warning.
  T2v grid = ValidT2v();
  grid.num_frames = 100;
  EXPECT_TRUE(Has(Check(grid), "num_frames", "frame_grid", Severity::kWarning)) << Check(grid).ToString();
}

TEST(LtxDistilled, ImageToVideoLoraRules) {
  I2v in = ValidI2v();
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  in.image_url = "";
  in.end_image_url = "ftp://example.com/end.png";
  in.image_strength = 1.5;
  in.end_image_strength = -0.5;
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "image_url", "missing", Severity::kError)) << r.ToString();
  EXPECT_TRUE(Has(r, "image_strength", "less_than_equal", Severity::kError));
  EXPECT_TRUE(Has(r, "end_image_strength", "greater_than_equal", Severity::kError));
  bool end_image_flagged = false;
  for (const Finding& f : r.findings) end_image_flagged |= f.error.Path() == "end_image_url";
  EXPECT_TRUE(end_image_flagged) << r.ToString();
  ExpectModes(r);
  // A custom size off the 32 grid is a warning; auto is fine.
  I2v sized = ValidI2v();
  sized.video_size = ImageSize{1000, 562};
  EXPECT_FALSE(Check(sized).HasErrors());
  EXPECT_FALSE(Check(sized).findings.empty());
  sized.video_size = AutoSize{};
  EXPECT_TRUE(Check(sized).findings.empty()) << Check(sized).ToString();
}

// `auto` is a size only where there is an image: under extra_json it is flagged on text-to-video.
TEST(LtxDistilled, AutoSizeOnlyWithAnImage) {
  T2v t2v = ValidT2v();
  t2v.extra_json = R"({"video_size":"auto"})";
  EXPECT_FALSE(Check(t2v).findings.empty()) << "auto is not a text-to-video size";
  I2v i2v = ValidI2v();
  i2v.extra_json = R"({"video_size":"auto"})";
  EXPECT_TRUE(Check(i2v).findings.empty()) << Check(i2v).ToString();
}

TEST(LtxDistilled, NewInterpolationDirectionGoesThroughExtraJsonUnderStrict) {
  I2v in = ValidI2v();
  in.extra_json = R"({"interpolation_direction":"ping_pong"})";
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "interpolation_direction", "enum", Severity::kWarning)) << r.ToString();
  EXPECT_TRUE(ApplyValidationMode(r, ValidationMode::kStrict));
  EXPECT_EQ(Body(in)["interpolation_direction"], "ping_pong");
  in.extra_json = R"({"interpolation_direction":"backward"})";
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
}

// ---- Files to upload ----

TEST(LtxDistilled, FilesAreTheImages) {
  T2v t2v = ValidT2v();
  EXPECT_TRUE(EndpointTraits<T2v>::Files(t2v).empty());
  I2v in = ValidI2v();
  in.image_url = File::FromPath("start.png");
  ASSERT_EQ(EndpointTraits<I2v>::Files(in).size(), 1u);
  EXPECT_EQ(EndpointTraits<I2v>::Files(in)[0], &in.image_url);
  in.end_image_url = File::FromPath("end.png");
  const std::vector<File*> files = EndpointTraits<I2v>::Files(in);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1], &*in.end_image_url);
  const Json body = Body(in);
  EXPECT_EQ(body["image_url"], "<upload: start.png>");
  EXPECT_EQ(body["end_image_url"], "<upload: end.png>");
}

// ---- Ids and output ----

TEST(LtxDistilled, IdsAndOutput) {
  EXPECT_STREQ(EndpointTraits<T2v>::kEndpointId, "fal-ai/ltx-2.3-22b/distilled/text-to-video/lora");
  EXPECT_STREQ(EndpointTraits<I2v>::kEndpointId, "fal-ai/ltx-2.3-22b/distilled/image-to-video/lora");
  EXPECT_EQ(FindTypedEndpoint("fal-ai/ltx-2.3-22b/distilled/image-to-video/lora"),
            &EndpointTraits<I2v>::Description());
  // fal's example response has the same shape on both pages: a VideoFile with its metadata.
  const std::string raw = ReadFixture("text_to_video_lora_output.json");
  Result<Ltx22bVideoOutput> out = EndpointTraits<T2v>::ParseOutput(raw);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->video.width, 1248);
  EXPECT_EQ(out->video.num_frames, 161);
  EXPECT_EQ(out->seed, 149063119);
  EXPECT_TRUE(EndpointTraits<I2v>::ParseOutput(raw).ok());
  EXPECT_FALSE(EndpointTraits<I2v>::ParseOutput(R"({"seed":1})").ok());
}

}  // namespace
}  // namespace fal::ltx
