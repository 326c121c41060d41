// fal::ltx::EstimateCost: fal's per-megapixel rule (width x height x frames, rounded up) on the four
// endpoints, detail refine, sizes that only the source knows, and a caller's own price table.
#include "fal/ltx/cost.hpp"

#include <gtest/gtest.h>

namespace fal::ltx {
namespace {

constexpr const char* kRenderToReal = "fal-ai/ltx-2.3-quality/render-to-real";

TEST(Cost, RenderToRealAt720pIsFalsWorkedExample) {
  // fal's example: 1280x720x121 = 111.5 MP, billed 112 MP; 112 x $0.0024075 = $0.26964.
  const CostEstimate e = EstimateCost(kRenderToReal, R"({"video_url":"https://x/a.mp4"})");
  ASSERT_TRUE(e.known) << e.note;
  EXPECT_EQ(e.megapixels, 112);
  EXPECT_NEAR(e.usd, 0.26964, 1e-9);
  EXPECT_NE(e.note.find("16:9"), std::string::npos);  // the assumption is said
}

TEST(Cost, DetailRefineIsFourTimesThePixels) {
  const CostEstimate e =
      EstimateCost(kRenderToReal, R"({"num_frames":121,"resolution":"720p","enable_detail_refine":true})");
  ASSERT_TRUE(e.known);
  EXPECT_EQ(e.megapixels, 447);  // 2560x1440x121 = 446.0 MP -> 447
  EXPECT_NEAR(e.usd, 447 * 0.0024075, 1e-9);
}

TEST(Cost, EachEndpointHasItsPrice) {
  const CostEstimate i2v =
      EstimateCost("fal-ai/ltx-2.3-quality/image-to-video", R"({"resolution":{"width":1280,"height":704}})");
  ASSERT_TRUE(i2v.known);
  EXPECT_EQ(i2v.megapixels, 110);  // 1280x704x121 = 109.05 MP
  EXPECT_NEAR(i2v.usd, 110 * 0.0024075, 1e-9);
  const CostEstimate rv2v = EstimateCost("fal-ai/ltx-2.3-quality/reference-video-to-video/lora",
                                         R"({"resolution":{"width":1024,"height":576},"num_frames":73})");
  ASSERT_TRUE(rv2v.known);
  EXPECT_EQ(rv2v.megapixels, 44);  // 43.06 MP
  EXPECT_NEAR(rv2v.usd, 44 * 0.0027075, 1e-9);
  const CostEstimate t2v = EstimateCost("fal-ai/ltx-2.3-22b/text-to-video/lora", R"({"prompt":"x"})");
  ASSERT_TRUE(t2v.known);
  EXPECT_EQ(t2v.megapixels, 72);  // landscape_16_9 1024x576x121 = 71.4 MP
  EXPECT_NEAR(t2v.usd, 72 * 0.001805, 1e-9);
}

TEST(Cost, ASizeThatFollowsTheSourceIsUnknownAndSaysSo) {
  const CostEstimate e = EstimateCost("fal-ai/ltx-2.3-quality/image-to-video", R"({"prompt":"x"})");
  EXPECT_FALSE(e.known);
  EXPECT_NE(e.note.find("auto"), std::string::npos) << e.note;
  const CostEstimate a =
      EstimateCost("fal-ai/ltx-2.3-quality/reference-video-to-video/lora", R"({"resolution":"auto"})");
  EXPECT_FALSE(a.known);
  EXPECT_FALSE(EstimateCost("fal-ai/other", "{}").known);
  EXPECT_FALSE(EstimateCost(kRenderToReal, "not json").known);
}

TEST(Cost, TheCallersTableWins) {
  PriceTable mine = PriceTable::Default();
  mine.prices[0].usd_per_megapixel = 0.01;
  mine.as_of = "2027-01-01";
  ASSERT_EQ(mine.prices[0].endpoint_id, kRenderToReal);
  EXPECT_NEAR(EstimateCost(kRenderToReal, "{}", mine).usd, 1.12, 1e-9);
  EXPECT_FALSE(PriceTable::Default().as_of.empty());
}

}  // namespace
}  // namespace fal::ltx
