// The fixture of the long clip tests against fal-emulator, whose outputs are real videos (output frame i is
// input frame i). Test clips carry their frame numbers (fal::media::WriteTestClip), so reading the numbers
// of the stitched result proves that no frame was dropped or repeated at a seam. The emulator's journal
// shows what was sent: how many submits, and which of them carried image_url.
#pragma once

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

namespace fal::ltx::test {

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
inline std::vector<Submit> Submits(EmulatorProcess& emulator, const fs::path& journal) {
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

inline std::vector<std::int64_t> Iota(std::int64_t n) {
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
inline fs::path* LongClipE2E::root_ = nullptr;

}  // namespace fal::ltx::test
