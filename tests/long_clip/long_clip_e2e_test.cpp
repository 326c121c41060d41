// The case end to end: 20 s of 1280x720 at 24 fps with audio, split at 720p, chained and parallel,
// gives one MP4 of exactly the source's 480 frames, in order, at 24 fps, with the source's audio. Long
// (each encodes and decodes the clip several times), so not labelled "concurrency": the small cases in
// long_clip_runs_test.cpp run under ThreadSanitizer instead. The emulator renders its outputs here (the
// small cases let it copy the uploaded segment, which has the same frames).
#include "long_clip/long_clip_fixture.hpp"

namespace fal::ltx::test {
namespace {

TEST_F(LongClipE2E, ChainedTwentySecondsAt720pIsOneVideoOfTheSourcesFramesAndAudio) {
  const std::string clip = TwentySeconds720p();
  auto emulator = Start({"--outputs", "render"});  // real renders: frames, size, rate
  std::vector<SegmentState> seen;
  LongClipOptions options;
  options.mode = SplitMode::kChained;
  options.on_segment = [&seen](const SegmentUpdate& u) { seen.push_back(u.state); };
  Result<LongClipResult> done = RenderLongClip(ClientFor(*emulator), Input(clip), Out(), options);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->preview.plan.segments.size(), 4u);  // 145 + 145 + 145 + 49
  EXPECT_EQ(done->submitted, 4u);
  EXPECT_EQ(done->resumed, 0u);
  EXPECT_TRUE(done->preview.total.known);
  EXPECT_NEAR(done->preview.total.usd, 0.0024075 * (3 * 134 + 46), 1e-9);  // 1280x720: 134 MP per 145 frames
  ExpectSameFramesAsSource(Out(), 480, /*audio=*/true);
  EXPECT_NE(std::count(seen.begin(), seen.end(), SegmentState::kDone), 0);

  const std::vector<Submit> submits = Submits(*emulator, journal_);
  ASSERT_EQ(submits.size(), 4u);
  EXPECT_FALSE(submits[0].Has("image_url")) << "the first segment has no previous output";
  for (std::size_t i = 1; i < submits.size(); ++i) {
    EXPECT_TRUE(submits[i].Has("image_url")) << "segment " << i + 1 << " gets the previous last frame";
    EXPECT_EQ(submits[i].request_id, done->request_ids[i]) << "one after another, in order";
  }
  for (const Submit& s : submits)
    EXPECT_TRUE(s.Has("generate_audio")) << "sent false: the source's audio is kept";
}

TEST_F(LongClipE2E, ParallelTwentySecondsAt720pIsOneVideoOfTheSourcesFramesAndAudio) {
  const std::string clip = TwentySeconds720p();
  auto emulator = Start({"--outputs", "render"});  // real renders: frames, size, rate
  LongClipOptions options;
  options.mode = SplitMode::kParallel;
  Result<LongClipResult> done = RenderLongClip(ClientFor(*emulator), Input(clip), Out(), options);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->submitted, 4u);
  ExpectSameFramesAsSource(Out(), 480, /*audio=*/true);
  const std::vector<Submit> submits = Submits(*emulator, journal_);
  ASSERT_EQ(submits.size(), 4u);
  for (const Submit& s : submits) EXPECT_FALSE(s.Has("image_url")) << "parallel segments stand alone";
}

}  // namespace
}  // namespace fal::ltx::test
