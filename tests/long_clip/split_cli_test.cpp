// fal-ltx render-to-real --split, the real binary against fal-emulator: the dry run's plan and cost, a
// chained run interrupted with Ctrl-C and run again (no segment sent twice), the --max-cost refusal, and
// the flags' usage errors.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_process.hpp"
#include "fal/media/media.hpp"
#include "support/emulator_process.hpp"

namespace fal {
namespace {

namespace fs = std::filesystem;
using test_support::CliOptions;
using test_support::CliResult;
using test_support::EmulatorProcess;
using test_support::RunCli;

constexpr const char* kCanaryKey = "canary-key-5f1d2e9b:never-print-me-7c3a";

class SplitCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fal-ltx-split-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    clip_ = (dir_ / "clip.mp4").string();
    media::TestClipSpec spec;
    spec.frame_count = 300;  // at 720p: 145 + 145 + 17
    ASSERT_TRUE(media::WriteTestClip(clip_, spec));
    out_ = (dir_ / "out.mp4").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliResult Run(const std::vector<std::string>& args, CliOptions options = {}) {
    options.env.emplace("FAL_KEY", kCanaryKey);
    options.env.emplace("FAL_BASE_URL", emulator_ ? emulator_->base_url() : "http://127.0.0.1:9");
    options.env.emplace("XDG_STATE_HOME", (dir_ / "state").string());
    options.timeout_ms = 240000;
    CliResult r = RunCli(args, options);
    EXPECT_EQ(r.err.find("never-print-me"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("never-print-me"), std::string::npos) << r.out;
    return r;
  }
  std::vector<std::string> Split(const std::string& mode) const {
    return {"render-to-real", "--video", clip_,   "--prompt", "A harbor at dawn.",
            "--split",        mode,      "--out", out_};
  }
  int JobsCreated() const {
    httplib::Client http(emulator_->base_url());
    auto res = http.Get("/_emulator/stats");
    return res ? nlohmann::json::parse(res->body).value("jobs_created", -1) : -1;
  }

  fs::path dir_;
  std::string clip_, out_;
  std::unique_ptr<EmulatorProcess> emulator_;
};

TEST_F(SplitCli, DryRunShowsEverySegmentAndTheTotalCostWithoutTheNetwork) {
  std::vector<std::string> args = Split("chained");
  args.push_back("--dry-run");
  CliResult r = Run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("split chained: 300 frames at 24 fps in 3 segments of at most 145"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("segment 2/3: source frames 144..288 (145 frames)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("segment 3/3: source frames 288..299 (17 frames, the last 5 repeated"),
            std::string::npos)
      << r.err;
  // 1280x720: 134 + 134 + 16 MP at $0.0024075
  EXPECT_NE(r.err.find("estimated cost: 3 segments, 284 MP, $0.6837"), std::string::npos) << r.err;
  std::vector<nlohmann::json> bodies;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) bodies.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[0]["num_frames"], 145);
  EXPECT_EQ(bodies[2]["num_frames"], 17);
  EXPECT_EQ(bodies[0]["generate_audio"], false);
  EXPECT_EQ(bodies[0]["frames_per_second"], 24);
  EXPECT_FALSE(bodies[0].contains("image_url"));
  EXPECT_EQ(bodies[1]["image_url"], "<upload: segment-02.first.png>");
}

TEST_F(SplitCli, MaxCostRefusesBeforeAnythingIsSent) {
  emulator_ =
      std::make_unique<EmulatorProcess>(std::vector<std::string>{"--queue-ms", "10", "--run-ms", "50"});
  std::vector<std::string> args = Split("parallel");
  args.insert(args.end(), {"--max-cost", "0.50"});
  CliResult r = Run(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("above the cost limit of $0.5000"), std::string::npos) << r.err;
  EXPECT_EQ(JobsCreated(), 0);
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(SplitCli, UsageErrorsSayWhatToDo) {
  CliResult r = Run({"render-to-real", "--video", clip_, "--split", "chained"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("give --out OUT.mp4"), std::string::npos) << r.err;
  r = Run({"render-to-real", "--video", clip_, "--split", "sideways", "--out", out_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'sideways' is not one of chained|parallel"), std::string::npos) << r.err;
  r = Run({"render-to-real", "--video", clip_, "--keep-parts", "--out", out_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("add --split chained|parallel"), std::string::npos) << r.err;
  r = Run({"render-to-real", "--help"});
  EXPECT_NE(r.out.find("--split chained|parallel"), std::string::npos) << r.out;
}

TEST_F(SplitCli, ChainedRunInterruptedByCtrlCResumesWithoutSendingASegmentTwice) {
  emulator_ =
      std::make_unique<EmulatorProcess>(std::vector<std::string>{"--queue-ms", "10", "--run-ms", "400"});
  CliOptions interrupt;
  interrupt.interrupt_when = [](const std::string& err) {
    return err.find("segment 2/3: submitted") != std::string::npos;
  };
  CliResult first = Run(Split("chained"), interrupt);
  EXPECT_EQ(first.exit_code, 130) << first.err;
  EXPECT_NE(first.err.find("run the same command again to resume"), std::string::npos) << first.err;
  EXPECT_TRUE(fs::exists(out_ + ".split.json"));
  EXPECT_FALSE(fs::exists(out_));

  CliResult second = Run(Split("chained"));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, out_ + "\n");
  EXPECT_NE(second.err.find("from the state file"), std::string::npos) << second.err;
  EXPECT_EQ(JobsCreated(), 3) << "one job per segment across both runs";
  Result<std::vector<std::int64_t>> numbers = media::ReadFrameNumbers(out_);
  ASSERT_TRUE(numbers) << numbers.error().ToString();
  ASSERT_EQ(numbers->size(), 300u);
  for (std::size_t i = 0; i < numbers->size(); ++i) ASSERT_EQ((*numbers)[i], static_cast<std::int64_t>(i));
}

}  // namespace
}  // namespace fal
