// fal::ltx::EstimateCost: fal's per-megapixel rule (width x height x frames, rounded up) across the family,
// render-to-real from the probed clip, sizes that only the source knows, the caller's own price table, and
// the cost guard shared by a request, a batch and a split run.
#include "fal/ltx/cost.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "fal/ltx/render_to_real.hpp"

namespace fal::ltx {
namespace {

constexpr const char* kRenderToReal = "fal-ai/ltx-2.3-quality/render-to-real";

ClipInfo Clip(int width, int height, std::int64_t frames = 121) {
  ClipInfo c;
  c.width = width;
  c.height = height;
  c.frame_count = frames;
  c.frame_rate_numerator = 24;
  return c;
}

// One known case: the endpoint, the body, the clip, and what fal would bill.
struct KnownCase {
  const char* name;
  const char* endpoint;
  const char* body;
  std::optional<ClipInfo> clip;
  int width, height, frames;
  double megapixels;  // rounded up
  double usd_per_mp;
};

class KnownCost : public ::testing::TestWithParam<KnownCase> {};

TEST_P(KnownCost, IsWidthTimesHeightTimesFramesRoundedUpTimesThePrice) {
  const KnownCase& c = GetParam();
  const CostEstimate e = EstimateCost(c.endpoint, c.body, PriceTable::Default(), c.clip);
  ASSERT_TRUE(e.known) << e.note;
  EXPECT_EQ(e.width, c.width);
  EXPECT_EQ(e.height, c.height);
  EXPECT_EQ(e.frames, c.frames);
  // The rule itself, recomputed here from the case's numbers.
  EXPECT_EQ(c.megapixels, std::ceil(static_cast<double>(c.width) * c.height * c.frames / 1e6));
  EXPECT_EQ(e.megapixels, c.megapixels);
  EXPECT_DOUBLE_EQ(e.usd_per_megapixel, c.usd_per_mp);
  EXPECT_NEAR(e.usd, c.megapixels * c.usd_per_mp, 1e-12);
  EXPECT_FALSE(e.price_as_of.empty());
}

const ClipInfo k1080p = Clip(1920, 1080);

INSTANTIATE_TEST_SUITE_P(
    Family, KnownCost,
    ::testing::Values(
        // fal's own example: 1280x720x121 on render-to-real = 111.5 MP -> 112 MP, $0.26964.
        KnownCase{"RenderToRealFalsExample", kRenderToReal, R"({"num_frames":121,"resolution":"720p"})",
                  Clip(1280, 720), 1280, 720, 121, 112, 0.0024075},
        KnownCase{"RenderToRealDefaultsAre720pAnd121", kRenderToReal, R"({"video_url":"<upload: a.mp4>"})",
                  k1080p, 1280, 720, 121, 112, 0.0024075},
        KnownCase{"RenderToReal480pKeepsTheAspect", kRenderToReal,
                  R"({"resolution":"480p","num_frames":361})", k1080p, 848, 480, 361, 147, 0.0024075},
        KnownCase{"RenderToReal4x3", kRenderToReal, R"({"num_frames":145})", Clip(640, 480), 960, 720, 145,
                  101, 0.0024075},
        KnownCase{"RenderToRealPortrait", kRenderToReal, R"({"num_frames":145})", Clip(1080, 1920), 720, 1280,
                  145, 134, 0.0024075},
        KnownCase{"RenderToRealDetailRefineIs4x", kRenderToReal, R"({"enable_detail_refine":true})", k1080p,
                  2560, 1440, 121, 447, 0.0024075},
        KnownCase{"IcLoraEffectFollowsTheClipToo", "fal-ai/ltx-2.3-quality/day-to-night",
                  R"({"resolution":"480p","num_frames":97})", Clip(1280, 720), 848, 480, 97, 40, 0.0024075},
        KnownCase{"QualityImageToVideoSize", "fal-ai/ltx-2.3-quality/image-to-video",
                  R"({"resolution":{"width":1280,"height":704}})", std::nullopt, 1280, 704, 121, 110,
                  0.0024075},
        KnownCase{"QualityReferenceLora", "fal-ai/ltx-2.3-quality/reference-video-to-video/lora",
                  R"({"resolution":{"width":1024,"height":576},"num_frames":73})", std::nullopt, 1024, 576,
                  73, 44, 0.0027075},
        KnownCase{"QualityImageToVideoLoraPreset", "fal-ai/ltx-2.3-quality/image-to-video/lora",
                  R"({"resolution":"square_hd","num_frames":121})", std::nullopt, 1024, 1024, 121, 127,
                  0.0027075},
        KnownCase{"QualityExtendBillsTheGeneratedPart", "fal-ai/ltx-2.3-quality/extend-video",
                  R"({"resolution":{"width":1280,"height":704},"num_frames":49})", std::nullopt, 1280, 704,
                  49, 45, 0.0024075},
        KnownCase{"22bTextToVideoLoraDefaultSize", "fal-ai/ltx-2.3-22b/text-to-video/lora",
                  R"({"prompt":"x"})", std::nullopt, 1024, 576, 121, 72, 0.001805},
        KnownCase{"22bTextToVideo", "fal-ai/ltx-2.3-22b/text-to-video",
                  R"({"video_size":{"width":1280,"height":720}})", std::nullopt, 1280, 720, 121, 112,
                  0.001605},
        KnownCase{"22bVideoToVideoFollowsTheClipsLength", "fal-ai/ltx-2.3-22b/video-to-video",
                  R"({"video_size":"landscape_16_9"})", Clip(1920, 1080, 200), 1024, 576, 200, 118, 0.001605},
        KnownCase{"22bVideoToVideoLengthAsked", "fal-ai/ltx-2.3-22b/video-to-video/lora",
                  R"({"video_size":"landscape_16_9","match_video_length":false,"num_frames":97})",
                  std::nullopt, 1024, 576, 97, 58, 0.001805},
        KnownCase{"22bDistilledLora", "fal-ai/ltx-2.3-22b/distilled/image-to-video/lora",
                  R"({"video_size":{"width":768,"height":432}})", std::nullopt, 768, 432, 121, 41, 0.001405},
        KnownCase{"22bDistilledTextToVideoLoraDefaultSize", "fal-ai/ltx-2.3-22b/distilled/text-to-video/lora",
                  R"({"prompt":"x","loras":[]})", std::nullopt, 1024, 576, 121, 72, 0.001405},
        KnownCase{"22bDistilledTextToVideoLoraFalsExample", "fal-ai/ltx-2.3-22b/distilled/text-to-video/lora",
                  R"({"video_size":{"width":1280,"height":720},"num_frames":121})", std::nullopt, 1280, 720,
                  121, 112, 0.001405},
        KnownCase{"22bDistilledImageToVideoLoraPreset", "fal-ai/ltx-2.3-22b/distilled/image-to-video/lora",
                  R"({"video_size":"portrait_16_9","num_frames":241})", std::nullopt, 576, 1024, 241, 143,
                  0.001405},
        KnownCase{"22bDistilledAudioToVideo", "fal-ai/ltx-2.3-22b/distilled/audio-to-video",
                  R"({"video_size":"landscape_16_9","match_audio_length":false,"num_frames":121})",
                  std::nullopt, 1024, 576, 121, 72, 0.001205},
        KnownCase{"22bImageToVideoFalsExample", "fal-ai/ltx-2.3-22b/image-to-video",
                  R"({"video_size":{"width":1280,"height":720},"num_frames":121})", std::nullopt, 1280, 720,
                  121, 112, 0.001605},
        KnownCase{"22bImageToVideoLora", "fal-ai/ltx-2.3-22b/image-to-video/lora",
                  R"({"video_size":"landscape_16_9","num_frames":97})", std::nullopt, 1024, 576, 97, 58,
                  0.001805},
        KnownCase{"22bExtendVideoLora", "fal-ai/ltx-2.3-22b/extend-video/lora",
                  R"({"video_size":"landscape_16_9","num_frames":97})", std::nullopt, 1024, 576, 97, 58,
                  0.001805}),
    [](const ::testing::TestParamInfo<KnownCase>& info) { return std::string(info.param.name); });

// Cases where the size or the length cannot be known: unknown, with a note that says why.
struct UnknownCase {
  const char* name;
  const char* endpoint;
  const char* body;
  const char* said;  // a part of the note
};

class UnknownCost : public ::testing::TestWithParam<UnknownCase> {};

TEST_P(UnknownCost, IsUnknownAndSaysWhy) {
  const UnknownCase& c = GetParam();
  const CostEstimate e = EstimateCost(c.endpoint, c.body);
  EXPECT_FALSE(e.known);
  EXPECT_EQ(e.usd, 0);
  EXPECT_NE(e.note.find(c.said), std::string::npos) << e.note;
}

INSTANTIATE_TEST_SUITE_P(
    Family, UnknownCost,
    ::testing::Values(UnknownCase{"RemoteRenderToReal", kRenderToReal, R"({"video_url":"https://x/a.mp4"})",
                                  "not a probed local file"},
                      UnknownCase{"ImageToVideoAuto", "fal-ai/ltx-2.3-quality/image-to-video",
                                  R"({"prompt":"x"})", "follows the source"},
                      UnknownCase{"ReferenceAuto", "fal-ai/ltx-2.3-quality/reference-video-to-video/lora",
                                  R"({"resolution":"auto"})", "\"auto\" follows the source"},
                      UnknownCase{"VideoToVideoLengthFollowsARemoteVideo",
                                  "fal-ai/ltx-2.3-22b/video-to-video", R"({"video_size":"landscape_16_9"})",
                                  "match_video_length"},
                      UnknownCase{"AudioToVideoLengthFollowsTheAudio",
                                  "fal-ai/ltx-2.3-22b/distilled/audio-to-video",
                                  R"({"video_size":"landscape_16_9"})", "match_audio_length"},
                      UnknownCase{"NotInTheTable", "fal-ai/other", "{}", "no price for fal-ai/other"},
                      UnknownCase{"NotJson", kRenderToReal, "not json", "not a JSON object"},
                      UnknownCase{"FramesNotAFrameCount", "fal-ai/ltx-2.3-22b/text-to-video/lora",
                                  R"({"num_frames":-5})", "num_frames -5 is not a frame count"},
                      UnknownCase{"FramesNotWhole", "fal-ai/ltx-2.3-22b/text-to-video/lora",
                                  R"({"num_frames":1.5})", "num_frames"}),
    [](const ::testing::TestParamInfo<UnknownCase>& info) { return std::string(info.param.name); });

TEST(Cost, ARemoteRenderToRealSaysWhatA16x9SourceWouldCost) {
  const CostEstimate e = EstimateCost(kRenderToReal, R"({"video_url":"https://x/a.mp4"})");
  ASSERT_FALSE(e.known);
  EXPECT_NE(e.note.find("1280x720 x 121 frames, 112 MP, $0.2696"), std::string::npos) << e.note;
}

TEST(Cost, DescribeGivesDollarsMegapixelsAndTheAssumptions) {
  const CostEstimate e = EstimateCost(kRenderToReal, "{}", PriceTable::Default(), Clip(1280, 720));
  EXPECT_EQ(FormatUsd(e.usd), "$0.2696");
  const std::string text = Describe(e);
  EXPECT_EQ(
      text.rfind("$0.2696 (112 MP: 1280x720 x 121 frames at $0.0024075/MP, price as of 2026-11-21; ", 0), 0u)
      << text;
  EXPECT_NE(text.find("1280x720 aspect"), std::string::npos) << text;
  EXPECT_EQ(Describe(EstimateCost("fal-ai/other", "{}")).rfind("unknown (no price", 0), 0u);
}

TEST(Cost, RenderToRealOutputSizeKeepsTheAspectAtTheShortSide) {
  EXPECT_EQ(RenderToRealOutputSize(1280, 720, RenderResolution::k720p), (ImageSize{1280, 720}));
  EXPECT_EQ(RenderToRealOutputSize(3840, 2160, RenderResolution::k480p), (ImageSize{848, 480}));
  EXPECT_EQ(RenderToRealOutputSize(720, 720, RenderResolution::k720p), (ImageSize{720, 720}));
  EXPECT_EQ(RenderToRealOutputSize(2048, 858, RenderResolution::k720p), (ImageSize{1712, 720}));  // 2.39:1
  EXPECT_EQ(RenderToRealOutputSize(1080, 1920, RenderResolution::k720p, true), (ImageSize{1440, 2560}));
  EXPECT_EQ(RenderToRealOutputSize(0, 0, RenderResolution::k720p), (ImageSize{1280, 720}));
}

TEST(Cost, TheDefaultTableCoversTheFamilyOnceEach) {
  const PriceTable table = PriceTable::Default();
  EXPECT_FALSE(table.as_of.empty());
  for (std::size_t i = 0; i < table.prices.size(); ++i) {
    EXPECT_GT(table.prices[i].usd_per_megapixel, 0) << table.prices[i].endpoint_id;
    EXPECT_FALSE(table.prices[i].as_of.empty()) << table.prices[i].endpoint_id;
    for (std::size_t j = i + 1; j < table.prices.size(); ++j)
      EXPECT_NE(table.prices[i].endpoint_id, table.prices[j].endpoint_id);
  }
  EXPECT_EQ(table.UsdPerMegapixel("fal-ai/ltx-2.3-quality/inpaint/lora"), 0.0027075);
  EXPECT_EQ(table.UsdPerMegapixel("fal-ai/ltx-2.3-quality/water-simulation"), 0.0024075);
  EXPECT_EQ(table.UsdPerMegapixel("fal-ai/ltx-2.3-22b/extend-video/lora"), 0.001805);
  EXPECT_EQ(table.UsdPerMegapixel("fal-ai/ltx-2.3-22b/distilled/text-to-video/lora"), 0.001405);
  EXPECT_EQ(table.UsdPerMegapixel("fal-ai/ltx-2.3-quality/text-to-audio"), std::nullopt);  // not per MP
}

TEST(Cost, TheCallersTableWins) {
  PriceTable mine = PriceTable::Default();
  mine.Set(kRenderToReal, 0.01, "2027-01-01");
  const std::size_t rows = mine.prices.size();
  const CostEstimate e = EstimateCost(kRenderToReal, "{}", mine, Clip(1280, 720));
  EXPECT_NEAR(e.usd, 1.12, 1e-9);
  EXPECT_EQ(e.price_as_of, "2027-01-01");
  mine.Set("fal-ai/new-endpoint", 0.5, "2027-01-02");  // a row fal added
  EXPECT_EQ(mine.prices.size(), rows + 1);
  EXPECT_EQ(mine.UsdPerMegapixel("fal-ai/new-endpoint"), 0.5);
}

TEST(CostLimit, PassesWithinAndRefusesAboveOrUnknown) {
  const CostEstimate e = EstimateCost(kRenderToReal, "{}", PriceTable::Default(), Clip(1280, 720));
  EXPECT_EQ(CheckCostLimit(e, 0.27), std::nullopt);
  EXPECT_EQ(CheckCostLimit(e, e.usd), std::nullopt);  // at the limit is within it
  const std::optional<FieldError> over = CheckCostLimit(e, 0.25);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->type, "cost_limit");
  EXPECT_EQ(over->msg.rfind("the estimated cost of the request is $0.2696 (112 MP), above the cost limit of "
                            "$0.2500 (max_cost_usd)",
                            0),
            0u)
      << over->msg;
  const std::optional<FieldError> unknown = CheckCostLimit(EstimateCost(kRenderToReal, "{}"), 100);
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->msg.find("cannot be estimated"), std::string::npos) << unknown->msg;
}

TEST(CostLimit, ASplitRunsTotalIsTheSumOfItsSegments) {
  // Four 720p segments of a 20 s 1280x720 clip: 145, 145, 145 and 49 frames (each rounded up alone).
  std::vector<CostEstimate> segments;
  for (int frames : {145, 145, 145, 49}) {
    segments.push_back(EstimateCost(kRenderToReal, R"({"num_frames":)" + std::to_string(frames) + "}",
                                    PriceTable::Default(), Clip(1280, 720, 480)));
  }
  const CostEstimate total = SumCosts(segments);
  ASSERT_TRUE(total.known);
  EXPECT_EQ(total.megapixels, 134 * 3 + 46);  // 133.6 -> 134, 45.2 -> 46
  EXPECT_NEAR(total.usd, (134 * 3 + 46) * 0.0024075, 1e-12);
  EXPECT_EQ(CheckCostLimit(total, 1.10, "the split run's 4 segments", "--max-cost"), std::nullopt);
  const std::optional<FieldError> over =
      CheckCostLimit(total, 1.0, "the split run's 4 segments", "--max-cost");
  ASSERT_TRUE(over);
  EXPECT_NE(over->msg.find("the split run's 4 segments is $1.0786"), std::string::npos) << over->msg;
  EXPECT_NE(over->msg.find("(--max-cost)"), std::string::npos) << over->msg;

  segments.push_back(EstimateCost(kRenderToReal, "{}"));  // one unknown part makes the total unknown
  const CostEstimate partial = SumCosts(segments);
  EXPECT_FALSE(partial.known);
  EXPECT_NE(partial.note.find("1 of 5 estimates unknown"), std::string::npos) << partial.note;
}

}  // namespace
}  // namespace fal::ltx
