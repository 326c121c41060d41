// fal::ltx::PlanLongClip: segments within the budget, 8k+1 frames each, one shared frame between
// neighbours, the last one padded; and, whatever the length, the stitch rule (drop each later segment's
// first frame, trim the padding) gives back every source frame exactly once, in order.
#include "fal/ltx/long_clip_plan.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace fal::ltx {
namespace {

struct PlanCase {
  std::int64_t source_frames;
  int budget;
  std::vector<int> num_frames;  // expected segments' num_frames
};

void PrintTo(const PlanCase& c, std::ostream* os) { *os << c.source_frames << " frames within " << c.budget; }

class PlanLongClipCases : public ::testing::TestWithParam<PlanCase> {};

// The source frames the stitched result holds, in order, from the plan alone.
std::vector<std::int64_t> StitchedFrames(const LongClipPlan& plan) {
  std::vector<std::int64_t> frames;
  for (const ClipSegment& s : plan.segments) {
    for (std::int64_t i = s.drop_first; i < s.source_frames; ++i) frames.push_back(s.first_frame + i);
  }
  return frames;
}

TEST_P(PlanLongClipCases, SegmentsFitShareOneFrameAndStitchBackToTheSource) {
  const PlanCase& c = GetParam();
  Result<LongClipPlan> plan = PlanLongClip(c.source_frames, c.budget);
  ASSERT_TRUE(plan) << plan.error().ToString();
  std::vector<int> num_frames;
  for (const ClipSegment& s : plan->segments) num_frames.push_back(s.num_frames);
  EXPECT_EQ(num_frames, c.num_frames);

  const auto& segs = plan->segments;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const ClipSegment& s = segs[i];
    SCOPED_TRACE("segment " + std::to_string(i));
    EXPECT_EQ(s.index, static_cast<int>(i));
    EXPECT_EQ((s.num_frames - 1) % 8, 0) << "num_frames is 8k+1";
    EXPECT_GE(s.num_frames, 9);
    EXPECT_LE(s.num_frames, c.budget);
    EXPECT_GE(s.num_frames, s.source_frames);
    EXPECT_LT(s.padding(), s.num_frames == 9 ? 9 : 8) << "padding is less than one 8-frame step";
    if (i + 1 < segs.size()) {
      EXPECT_EQ(s.padding(), 0) << "only the last segment is padded";
      EXPECT_EQ(s.num_frames, plan->max_segment_frames) << "every segment but the last is as long as allowed";
      EXPECT_EQ(segs[i + 1].first_frame, s.first_frame + s.source_frames - 1) << "neighbours share one frame";
    }
    EXPECT_EQ(s.drop_first, i == 0 ? 0 : 1);
  }
  EXPECT_EQ(segs.front().first_frame, 0);
  EXPECT_EQ(segs.back().first_frame + segs.back().source_frames, c.source_frames) << "ends on the last frame";

  const std::vector<std::int64_t> frames = StitchedFrames(*plan);
  ASSERT_EQ(static_cast<std::int64_t>(frames.size()), c.source_frames);
  for (std::int64_t i = 0; i < c.source_frames; ++i)
    ASSERT_EQ(frames[i], i) << "no frame dropped or repeated";
  std::int64_t requested = 0;
  for (int n : c.num_frames) requested += n;
  EXPECT_EQ(plan->requested_frames(), requested);
}

INSTANTIATE_TEST_SUITE_P(
    Lengths, PlanLongClipCases,
    ::testing::Values(
        // 20 s at 24 fps, 720p: 145 + 145 + 145 + 49 (the last covers 48 source frames, one repeated).
        PlanCase{480, 145, {145, 145, 145, 49}},
        // the same at 480p: 361 + 121 (120 source frames: 119 new ones and the shared one, one repeated)
        PlanCase{480, 361, {361, 121}}, PlanCase{1, 145, {9}},  // one frame: padded to the minimum
        PlanCase{9, 145, {9}},                                  // the minimum, exactly
        PlanCase{10, 145, {17}},                                // fits, padded up to 8k+1
        PlanCase{144, 145, {145}},                              // one under the budget
        PlanCase{145, 145, {145}},                              // exactly the budget: one segment, no padding
        PlanCase{146, 145, {145, 9}},    // one frame over: a second segment of 2 source frames, padded to 9
        PlanCase{289, 145, {145, 145}},  // two full segments: 145 + 144 new frames
        PlanCase{290, 145, {145, 145, 9}}, PlanCase{361, 361, {361}}, PlanCase{362, 361, {361, 9}},
        PlanCase{7201, 361, std::vector<int>(20, 361)},  // 5 minutes at 24 fps: 20 full segments of 360 new
        PlanCase{1000, 150, {145, 145, 145, 145, 145, 145, 137}}));  // a budget off the grid snaps down

TEST(PlanLongClip, ResolutionSetsTheBudget) {
  Result<LongClipPlan> p720 = PlanLongClip(480, RenderResolution::k720p);
  Result<LongClipPlan> p480 = PlanLongClip(480, RenderResolution::k480p);
  ASSERT_TRUE(p720 && p480);
  EXPECT_EQ(p720->max_segment_frames, 145);
  EXPECT_EQ(p720->segments.size(), 4u);
  EXPECT_EQ(p480->max_segment_frames, 361);
  EXPECT_EQ(p480->segments.size(), 2u);
}

TEST(PlanLongClip, RefusesAnEmptyClipAndABudgetBelowTheMinimum) {
  Result<LongClipPlan> empty = PlanLongClip(0, 145);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(empty.error().message().find("0 frames"), std::string::npos) << empty.error().message();
  Result<LongClipPlan> tiny = PlanLongClip(100, 8);
  ASSERT_FALSE(tiny);
  EXPECT_NE(tiny.error().message().find("minimum of 9"), std::string::npos) << tiny.error().message();
}

TEST(PlanLongClip, DescribeNamesEachSegmentsFramesAndPadding) {
  Result<LongClipPlan> plan = PlanLongClip(480, 145);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->Describe(),
            "segment 1/4: source frames 0..144 (145 frames)\n"
            "segment 2/4: source frames 144..288 (145 frames)\n"
            "segment 3/4: source frames 288..432 (145 frames)\n"
            "segment 4/4: source frames 432..479 (49 frames, the last 1 repeated and trimmed after)\n");
}

}  // namespace
}  // namespace fal::ltx
