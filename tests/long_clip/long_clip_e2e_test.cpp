// fal::ltx::RenderLongClip end to end against fal-emulator, whose outputs are real videos (output frame i
// is input frame i). Test clips carry their frame numbers (fal::media::WriteTestClip), so reading the
// numbers of the stitched result proves that no frame was dropped or repeated at a seam. The emulator's
// journal shows what was sent: how many submits, and which of them carried image_url.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "fal/client.hpp"
#include "fal/ltx/long_clip.hpp"
#include "fal/media/media.hpp"
#include "support/emulator_process.hpp"

namespace fal::ltx {
namespace {

namespace fs = std::filesystem;
using test_support::EmulatorProcess;

// A submit the emulator answered, as its journal has it.
struct Submit {
  std::string request_id;
  std::vector<std::string> fields;
  bool Has(const std::string& field) const {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  }
};

// The journal is complete once the emulator has exited.
std::vector<Submit> Submits(EmulatorProcess& emulator, const fs::path& journal) {
  emulator.Stop();
  std::vector<Submit> out;
  std::ifstream in(journal);
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || j.value("route", "") != "submit" || j.value("status", 0) != 200) continue;
    out.push_back(Submit{j.value("request_id", ""), j.value("body_fields", std::vector<std::string>{})});
  }
  return out;
}

std::vector<std::int64_t> Iota(std::int64_t n) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

class LongClipE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(fs::temp_directory_path() / ("falcpp_long_clip_" + std::to_string(::getpid())));
    fs::remove_all(*root_);
    fs::create_directories(*root_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete root_;
  }

  void SetUp() override {
    dir_ = *root_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
    journal_ = dir_ / "journal.jsonl";
  }

  // A clip whose frame i carries the number i. Written once per build tree (the 20 s clip takes a while to
  // encode, and each test runs in its own process): to a temporary name, then renamed, so that tests running
  // at once never read a half-written clip.
  static std::string Clip(const std::string& name, const media::TestClipSpec& spec) {
    const fs::path cache = FALCPP_LONG_CLIP_CACHE_DIR;
    const fs::path path = cache / name;
    if (!fs::exists(path)) {
      fs::create_directories(cache);
      const fs::path temp = cache / (name + "." + std::to_string(::getpid()) + ".tmp.mp4");
      Result<media::WrittenClip> written = media::WriteTestClip(temp.string(), spec);
      EXPECT_TRUE(written) << written.error().ToString();
      fs::rename(temp, path);
    }
    return path.string();
  }
  // The clip: 20 s of 1280x720 at 24 fps, with audio.
  static std::string TwentySeconds720p() {
    media::TestClipSpec spec;
    spec.width = 1280;
    spec.height = 720;
    spec.frame_count = 480;
    spec.with_audio = true;
    return Clip("twenty_seconds_720p.mp4", spec);
  }
  // A small clip for the failure and resume cases: 320x180, no audio.
  static std::string Small(std::int64_t frames) {
    media::TestClipSpec spec;
    spec.frame_count = frames;
    return Clip("small_" + std::to_string(frames) + ".mp4", spec);
  }

  std::unique_ptr<EmulatorProcess> Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--queue-ms", "10", "--run-ms",  "50",
                                     "--workers",  "8",  "--journal", journal_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<EmulatorProcess>(args);
  }
  static Client ClientFor(const EmulatorProcess& emulator) {
    ClientOptions o;
    o.use_environment = false;
    o.base_url = emulator.base_url();
    o.credentials = Credentials("test-key");
    return Client(o);
  }
  static RenderToRealInput Input(const std::string& clip) {
    RenderToRealInput input;
    input.video_url = File::FromPath(clip);
    input.prompt = "3DREAL. A harbor at dawn.";
    input.resolution = RenderResolution::k720p;
    return input;
  }
  std::string Out() const { return (dir_ / "out.mp4").string(); }

  // The result has the source's frames in order, its rate, and its audio when it has one.
  void ExpectSameFramesAsSource(const std::string& out, std::int64_t frames, bool audio) {
    Result<ClipInfo> clip = media::Probe(out);
    ASSERT_TRUE(clip) << clip.error().ToString();
    EXPECT_EQ(clip->frame_count, frames);
    EXPECT_EQ(clip->frame_rate_numerator, 24);
    EXPECT_EQ(clip->frame_rate_denominator, 1);
    EXPECT_EQ(clip->has_audio, audio);
    Result<std::vector<std::int64_t>> numbers = media::ReadFrameNumbers(out);
    ASSERT_TRUE(numbers) << numbers.error().ToString();
    EXPECT_EQ(*numbers, Iota(frames)) << "every source frame once, in order";
    EXPECT_FALSE(fs::exists(out + ".split.json")) << "the state file is removed after success";
    EXPECT_FALSE(fs::exists(out + ".parts"));
  }

  static fs::path* root_;
  fs::path dir_;
  fs::path journal_;
};
fs::path* LongClipE2E::root_ = nullptr;

TEST_F(LongClipE2E, ChainedTwentySecondsAt720pIsOneVideoOfTheSourcesFramesAndAudio) {
  const std::string clip = TwentySeconds720p();
  auto emulator = Start();
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
  auto emulator = Start();
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
}  // namespace fal::ltx
