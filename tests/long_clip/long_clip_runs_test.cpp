// Long clips against fal-emulator on small clips: a failed segment retried alone, a segment that keeps
// failing and the rerun that sends only it, a run interrupted and resumed without resubmitting, the cost
// limit, a small parallel run, and what a split run refuses.
#include <mutex>

#include "long_clip/long_clip_fixture.hpp"

namespace fal::ltx::test {
namespace {

TEST_F(LongClipE2E, ParallelSegmentsRunAtOnceAndStitchInOrder) {
  const std::string clip = Small(300);  // 145 + 145 + 17
  auto emulator = Start({"--run-ms", "300"});
  // Every segment's worker starts at once: all start preparing before any is done (a chained run prepares
  // segment 2 only after segment 1 is done).
  std::mutex mu;
  int preparing_before_first_done = 0;
  bool any_done = false;
  LongClipOptions options;
  options.mode = SplitMode::kParallel;
  options.on_segment = [&](const SegmentUpdate& u) {
    std::lock_guard<std::mutex> lock(mu);
    if (u.state == SegmentState::kPreparing && !any_done) ++preparing_before_first_done;
    if (u.state == SegmentState::kDone) any_done = true;
  };
  Result<LongClipResult> done = RenderLongClip(ClientFor(*emulator), Input(clip), Out(), options);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->submitted, 3u);
  EXPECT_EQ(preparing_before_first_done, 3) << "the segments run at once";
  ExpectSameFramesAsSource(Out(), 300, /*audio=*/false);
  const std::vector<Submit> submits = Submits(*emulator, journal_);
  ASSERT_EQ(submits.size(), 3u);
  for (const Submit& s : submits) EXPECT_FALSE(s.Has("image_url")) << "parallel segments stand alone";
}

TEST_F(LongClipE2E, ASegmentWhoseJobFailsIsSentAgainAlone) {
  const std::string clip = Small(150);  // 145 + 9 (6 source frames)
  auto emulator = Start({"--faults", "submit:fail"});
  std::vector<SegmentUpdate> retries;
  LongClipOptions options;
  options.on_segment = [&retries](const SegmentUpdate& u) {
    if (u.state == SegmentState::kRetrying) retries.push_back(u);
  };
  Result<LongClipResult> done = RenderLongClip(ClientFor(*emulator), Input(clip), Out(), options);
  ASSERT_TRUE(done) << done.error().ToString();
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_EQ(retries[0].segment.index, 0);
  EXPECT_NE(retries[0].message.find("Runner disconnected"), std::string::npos) << retries[0].message;
  EXPECT_EQ(done->submitted, 3u);  // segment 1 twice, segment 2 once
  ExpectSameFramesAsSource(Out(), 150, /*audio=*/false);
  EXPECT_EQ(Submits(*emulator, journal_).size(), 3u);
}

TEST_F(LongClipE2E, ASegmentThatKeepsFailingStopsTheRunAndTheNextRunSendsOnlyIt) {
  const std::string clip = Small(150);
  auto emulator = Start({"--faults", "submit:fail;submit:fail"});
  LongClipOptions options;
  options.mode = SplitMode::kParallel;
  options.max_in_flight = 1;  // segment 1 takes both failures
  Result<LongClipResult> first = RenderLongClip(ClientFor(*emulator), Input(clip), Out(), options);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code(), ErrorCode::kJobFailed);
  EXPECT_EQ(first.error().message().rfind("segment 1/2: ", 0), 0u) << first.error().message();
  ASSERT_TRUE(fs::exists(Out() + ".split.json"));

  Result<LongClipResult> second = RenderLongClip(ClientFor(*emulator), Input(clip), Out(), options);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->submitted, 1u) << "segment 2 finished in the first run";
  EXPECT_EQ(second->resumed, 1u);
  ExpectSameFramesAsSource(Out(), 150, /*audio=*/false);
  EXPECT_EQ(Submits(*emulator, journal_).size(), 4u);  // 2 failed + segment 2 + segment 1 again
}

TEST_F(LongClipE2E, AnInterruptedRunResumesWithoutResubmittingFinishedSegments) {
  const std::string clip = Small(300);  // 145 + 145 + 17
  auto emulator = Start({"--run-ms", "400"});
  std::optional<Client> client_holder(ClientFor(*emulator));  // gone before the emulator stops
  const Client& client = *client_holder;
  CancellationSource stop;
  LongClipOptions options;
  options.cancel = stop.Token();
  options.on_segment = [&stop](const SegmentUpdate& u) {
    if (u.segment.index == 1 && u.state == SegmentState::kSubmitted) stop.Cancel();  // segment 2 in flight
  };
  Result<LongClipResult> first = RenderLongClip(client, Input(clip), Out(), options);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code(), ErrorCode::kCancelled);
  ASSERT_TRUE(fs::exists(Out() + ".split.json"));

  // Other arguments do not reuse that state: refused before anything is sent.
  LongClipOptions parallel;
  parallel.mode = SplitMode::kParallel;
  Result<LongClipResult> other = RenderLongClip(client, Input(clip), Out(), parallel);
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message().find("other arguments"), std::string::npos) << other.error().message();

  std::vector<SegmentUpdate> resumed;
  LongClipOptions again;
  again.on_segment = [&resumed](const SegmentUpdate& u) {
    if (u.resumed) resumed.push_back(u);
  };
  Result<LongClipResult> second = RenderLongClip(client, Input(clip), Out(), again);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->resumed, 2u) << "segment 1 done, segment 2 in flight";
  EXPECT_EQ(second->submitted, 1u) << "only segment 3 is new";
  ASSERT_FALSE(resumed.empty());
  ExpectSameFramesAsSource(Out(), 300, /*audio=*/false);
  client_holder.reset();
  const std::vector<Submit> submits = Submits(*emulator, journal_);
  ASSERT_EQ(submits.size(), 3u) << "one submit per segment across both runs";
  EXPECT_EQ(submits[1].request_id, second->request_ids[1]) << "segment 2 waited for, not sent again";
}

TEST_F(LongClipE2E, AnEstimateOverTheMaximumIsRefusedBeforeAnythingIsSent) {
  const std::string clip = Small(300);
  auto emulator = Start();
  LongClipOptions options;
  options.max_cost_usd = 0.5;  // three segments at 720p: about $0.70
  Result<LongClipResult> done = RenderLongClip(ClientFor(*emulator), Input(clip), Out(), options);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(done.error().message().find("above the cost limit of $0.5000"), std::string::npos)
      << done.error().message();
  EXPECT_FALSE(fs::exists(Out() + ".split.json"));
  EXPECT_TRUE(Submits(*emulator, journal_).empty());
}

TEST_F(LongClipE2E, PreviewRefusesWhatASplitRunCannotDo) {
  RenderToRealInput remote;
  remote.video_url = File::FromUrl("https://example.com/shot.mp4");
  Result<LongClipPreview> p = PreviewLongClip(remote);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message().find("local file"), std::string::npos) << p.error().message();

  RenderToRealInput fixed = Input(Small(150));
  fixed.num_frames = 121;
  p = PreviewLongClip(fixed);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message().find("leave it unset"), std::string::npos) << p.error().message();
}

}  // namespace
}  // namespace fal::ltx::test
