// fal-ltx, the real binary, against fal-emulator: every subcommand, dry runs, exit codes, progress, output
// forms, and that the API key (a canary) never appears in anything it prints.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/cli_process.hpp"
#include "support/emulator_process.hpp"

namespace fal::test_support {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kCanaryKey = "canary-key-5f1d2e9b:never-print-me-7c3a";
const std::string kData = std::string(FALCPP_SOURCE_DIR) + "/examples/data/";
const std::string kVideo = kData + "blockout_720p.mp4";
const std::string kImage = kData + "reference_frame.png";
const std::vector<std::string> kFastEmulator = {"--queue-ms",     "20", "--run-ms", "150",
                                                "--log-every-ms", "30"};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A loopback port with nothing listening on it.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string RequestIdIn(const std::string& text) {
  std::smatch m;
  std::regex_search(text, m, std::regex("request ([0-9a-f-]{36})"));
  return m.size() > 1 ? m[1].str() : "";
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fal-ltx-test-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void StartEmulator(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = kFastEmulator;
    args.insert(args.end(), extra.begin(), extra.end());
    emulator_ = std::make_unique<EmulatorProcess>(args);
    base_url_ = emulator_->base_url();
  }

  // Runs fal-ltx with FAL_KEY set to the canary, and checks that the canary shows nowhere.
  CliResult Run(const std::vector<std::string>& args, CliOptions options = {}) {
    options.env.emplace("FAL_KEY", kCanaryKey);
    options.env.emplace("FAL_BASE_URL", base_url_);
    options.env.emplace("XDG_STATE_HOME", (dir_ / "state").string());  // job_memory.hpp
    CliResult r = RunCli(args, options);
    EXPECT_EQ(r.out.find("canary-key"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("canary-key"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("never-print-me"), std::string::npos) << r.err;
    return r;
  }

  json Stats() {
    httplib::Client http(base_url_);
    auto res = http.Get("/_emulator/stats");
    return res ? json::parse(res->body) : json();
  }

  fs::path dir_;
  std::unique_ptr<EmulatorProcess> emulator_;
  std::string base_url_ = "http://127.0.0.1:" + std::to_string(ClosedPort());
};

// ---- Help ----

TEST_F(Cli, ToolHelpListsEveryCommand) {
  CliResult r = Run({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* command : {"render-to-real", "reference-video-to-video", "image-to-video", "text-to-video",
                              "status", "result", "cancel", "upload", "download"}) {
    EXPECT_NE(r.out.find("  " + std::string(command)), std::string::npos) << command;
  }
  EXPECT_NE(r.out.find("Example:"), std::string::npos);
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
}

TEST_F(Cli, NoCommandShowsHelpAndExits2) {
  CliResult r = Run({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("Usage: fal-ltx"), std::string::npos);
}

TEST_F(Cli, EachCommandHasHelpWithAnExample) {
  for (const char* command : {"render-to-real", "reference-video-to-video", "image-to-video", "text-to-video",
                              "status", "result", "cancel", "upload", "download"}) {
    CliResult r = Run({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("Usage: fal-ltx " + std::string(command)), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Example:\n  fal-ltx " + std::string(command)), std::string::npos) << r.out;
  }
}

TEST_F(Cli, EndpointHelpListsEveryFieldAsAFlag) {
  CliResult r = Run({"text-to-video", "--help"});
  for (const char* flag : {"--prompt", "--lora", "--num-frames", "--video-size", "--video-cfg-scale",
                           "--distill-lora-second-pass-scale", "--camera-lora", "--video-output-type"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
  r = Run({"reference-video-to-video", "--help"});
  for (const char* flag : {"--video", "--control-video", "--image", "--mid-image", "--end-image", "--lora"}) {
    EXPECT_NE(r.out.find(std::string(flag) + " "), std::string::npos) << flag;
  }
}

// ---- Dry run ----

TEST_F(Cli, DryRunPrintsTheExactBodyWithTheFinalPromptAndSendsNothing) {
  // FAL_BASE_URL points at a closed port: a dry run must not need the network.
  CliResult r =
      Run({"render-to-real", "--video", "https://example.com/render.mp4", "--prompt", "A cargo ship.",
           "--resolution", "480p", "--num-frames", "241", "--generate-audio", "false", "--video-quality",
           "maximum", "--seed", "42", "--extra", "new_field={\"a\":1}", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
  EXPECT_EQ(body,
            json::parse(R"({"video_url":"https://example.com/render.mp4","prompt":"3DREAL. A cargo ship.",
      "resolution":"480p","num_frames":241,"generate_audio":false,"video_quality":"maximum","seed":42,
      "new_field":{"a":1}})"));
  EXPECT_NE(r.err.find("fal-ai/ltx-2.3-quality/render-to-real"), std::string::npos);
}

TEST_F(Cli, DryRunShowsLocalFilesAsUploadsWithoutUploading) {
  const fs::path lora = dir_ / "style.safetensors";
  std::ofstream(lora) << "weights";
  CliResult r = Run({"reference-video-to-video", "--video", kVideo, "--prompt", "A ballroom.", "--lora",
                     lora.string() + ":0.5", "--image", kImage, "--resolution", "1280x704", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
  EXPECT_EQ(body["video_url"], "<upload: " + kVideo + ">");
  EXPECT_EQ(body["image_url"], "<upload: " + kImage + ">");
  EXPECT_EQ(body["loras"][0]["path"], "<upload: " + lora.string() + ">");
  EXPECT_EQ(body["loras"][0]["scale"], 0.5);
  EXPECT_EQ(body["resolution"], json::parse(R"({"width":1280,"height":704})"));
}

TEST_F(Cli, DryRunWithFindingsExits2AndPrintsThem) {
  CliResult r =
      Run({"render-to-real", "--video", "https://example.com/r.mp4", "--num-frames", "200", "--dry-run"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: num_frames: num_frames=200 is over the 720p budget"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("warning: num_frames"), std::string::npos) << r.err;
  EXPECT_TRUE(json::parse(r.out).is_object()) << "the body is still printed";

  r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--num-frames", "200", "--dry-run",
           "--validation", "warn"});
  EXPECT_EQ(r.exit_code, 0) << "warn mode would send it";
  r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--num-frames", "200", "--dry-run",
           "--validation", "off"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err.find("budget"), std::string::npos) << "off runs no checks";
}

TEST_F(Cli, DryRunPrintsTheEstimatedCostInDollars) {
  CliResult r = Run({"text-to-video", "--prompt", "x", "--lora", "https://x/l.safetensors", "--num-frames",
                     "73", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 1024x576 (the default landscape_16_9) x 73 = 43.06 MP -> 44 MP at $0.001805.
  EXPECT_NE(r.err.find("estimated cost: $0.0794 (44 MP: 1024x576 x 73 frames at $0.001805/MP, price as of "),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(json::parse(r.out).is_object()) << "stdout stays the body";

  // A remote render-to-real video: its aspect cannot be known, and the line says so.
  r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.err.find("estimated cost: unknown (the output keeps the source video's aspect, which is unknown"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("a 16:9 source would give 1280x720 x 121 frames, 112 MP, $0.2696"), std::string::npos)
      << r.err;
}

TEST_F(Cli, MaxCostRefusesBeforeAnythingIsSent) {
  StartEmulator();
  CliResult r =
      Run({"text-to-video", "--prompt", "x", "--lora", "https://x/l.safetensors", "--max-cost", "0.05"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(
      r.err.find("the estimated cost of the request is $0.1300 (72 MP), above the cost limit of $0.0500 "
                 "(--max-cost)"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(Stats()["jobs_created"], 0);
  // Warn says so and sends.
  r = Run({"text-to-video", "--prompt", "x", "--lora", "https://x/l.safetensors", "--max-cost", "0.05",
           "--validation", "warn", "--no-wait"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("above the cost limit"), std::string::npos) << r.err;
  EXPECT_EQ(Stats()["jobs_created"], 1);
  // Within the limit: sent.
  r = Run({"text-to-video", "--prompt", "x", "--lora", "https://x/l.safetensors", "--max-cost", "0.5",
           "--no-wait"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Stats()["jobs_created"], 2);
}

TEST_F(Cli, ALocalClipIsReadWhenFalLtxHasFFmpeg) {
  CliResult r = Run({"render-to-real", "--video", kVideo, "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
#ifdef FALCPP_CLI_HAS_MEDIA
  // blockout_720p.mp4 is 73 frames of 1280x720 at 24 fps: num_frames comes from the clip, and says so.
  EXPECT_EQ(body["num_frames"], 73) << r.out;
  EXPECT_NE(
      r.err.find("warning: num_frames: num_frames unset: set to 73 from the clip, 73 frames (3.0 s at 24 "
                 "fps): the whole clip"),
      std::string::npos)
      << r.err;
  // 1280x720x73 = 67.3 MP -> 68 MP at $0.0024075.
  EXPECT_NE(r.err.find("estimated cost: $0.1637 (68 MP: 1280x720 x 73 frames"), std::string::npos) << r.err;
#else
  EXPECT_FALSE(body.contains("num_frames")) << "without FFmpeg the clip is not read, nothing changes";
  EXPECT_NE(r.err.find("estimated cost: unknown"), std::string::npos) << r.err;
#endif
}

TEST_F(Cli, PresetsApply) {
  CliResult r =
      Run({"render-to-real", "--video", "https://example.com/r.mp4", "--preset", "strong-v2", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["intensity"], "strong-v2");

  r = Run({"reference-video-to-video", "--video", "https://example.com/r.mp4", "--prompt", "A ballroom.",
           "--preset", "strong", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
  EXPECT_EQ(body["prompt"], "3DREAL. A ballroom.");
  EXPECT_NE(body["loras"][0]["path"].get<std::string>().find("3DREAL-strong"), std::string::npos);
  EXPECT_EQ(body["resolution"], json::parse(R"({"width":1280,"height":704})"));
  EXPECT_EQ(body["enable_prompt_expansion"], false);

  r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--preset", "strong", "--intensity",
           "light", "--dry-run"});
  EXPECT_EQ(r.exit_code, 2) << "contradicting flags";
}

TEST_F(Cli, FieldsParseByType) {
  CliResult r =
      Run({"text-to-video", "--prompt", "A cowboy.", "--lora", "https://x.test/w.safetensors:0.8", "--lora",
           "owner/repo", "--video-size", "portrait_16_9", "--fps", "30", "--use-multiscale", "--scheduler",
           "beta", "--video-output-type", "VP9 (.webm)", "--camera-lora-scale=0.5", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
  EXPECT_EQ(body["loras"],
            json::parse(R"([{"path":"https://x.test/w.safetensors","scale":0.8},{"path":"owner/repo"}])"));
  EXPECT_EQ(body["video_size"], "portrait_16_9");
  EXPECT_EQ(body["fps"], 30.0);
  EXPECT_EQ(body["use_multiscale"], true);
  EXPECT_EQ(body["scheduler"], "beta");
  EXPECT_EQ(body["video_output_type"], "VP9 (.webm)");
  EXPECT_EQ(body["camera_lora_scale"], 0.5);
}

TEST_F(Cli, BadFlagsExit2WithOneClearMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"render-to-real", "--video", "https://x.test/r.mp4", "--num-frame", "9"},
       "did you mean --num-frames?"},
      {{"render-to-real", "--video", "https://x.test/r.mp4", "--num-frames", "many"},
       "'many' is not a whole number"},
      {{"render-to-real", "--video", "https://x.test/r.mp4", "--resolution", "1080p"},
       "not one of 480p|720p"},
      {{"render-to-real", "--video", "missing.mp4"}, "no such file 'missing.mp4'"},
      {{"render-to-real", "--video", "https://x.test/r.mp4", "--extra", "x=bare"}, "is not JSON"},
      {{"render-to-real", "--video", "https://x.test/r.mp4", "--num-frames"}, "needs a value"},
      {{"render-to-real", "--video", "https://x.test/a", "--video", "https://x.test/b"}, "more than once"},
      {{"render-to-real", "--out", "x.mp4", "--no-wait", "--video", "https://x.test/r.mp4"}, "--out needs"},
      {{"status"}, "give the request id"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
  };
  for (const Case& c : cases) {
    CliResult r = Run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.says;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

// ---- The endpoints, end to end ----

TEST_F(Cli, RenderToRealUploadsShowsProgressAndDownloads) {
  StartEmulator();
  const fs::path out = dir_ / "sub" / "render.mp4";
  CliResult r = Run({"render-to-real", "--video", kVideo, "--prompt", "A rainy street.", "--resolution",
                     "480p", "--num-frames", "73", "--poll-ms", "20", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, out.string() + "\n");
  const std::string video = ReadFile(out);
  ASSERT_GT(video.size(), 8u);
  EXPECT_EQ(video.substr(4, 4), "ftyp");
  // Not a terminal: plain lines, one per change.
  for (const char* line : {"render-to-real: estimated cost: ", "uploading blockout_720p.mp4",
                           "uploaded blockout_720p.mp4: ", "submitted ", "status: in queue, position ",
                           "status: in progress", "log: ", "status: completed", "saved "}) {
    EXPECT_NE(r.err.find(line), std::string::npos) << line << "\n" << r.err;
  }
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no terminal control characters off a terminal";
  const json stats = Stats();
  EXPECT_EQ(stats["jobs_completed"], 1);
  EXPECT_GT(stats["bytes_uploaded"].get<long>(), 0);
}

TEST_F(Cli, ReferenceVideoToVideoWithLoraKeyframesAndJsonOutput) {
  StartEmulator();
  CliResult r = Run({"reference-video-to-video", "--video", kVideo, "--image", kImage, "--end-image", kImage,
                     "--prompt", "A dancer.", "--lora", "https://example.com/style.safetensors:0.7",
                     "--num-frames", "73", "--json", "--stream"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["video"]["url"].get<std::string>().rfind(base_url_, 0), 0u) << out;
}

TEST_F(Cli, ImageToVideoPrintsTheVideoUrl) {
  StartEmulator();
  CliResult r = Run({"image-to-video", "--image", kImage, "--prompt", "The camera pans right.",
                     "--resolution", "landscape_16_9", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind(base_url_ + "/files/", 0), 0u) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
  EXPECT_TRUE(r.err.empty()) << "--quiet: " << r.err;
}

TEST_F(Cli, TextToVideoWithLocalLoraUpload) {
  StartEmulator();
  const fs::path lora = dir_ / "western.safetensors";
  std::ofstream(lora) << "weights";
  CliResult r = Run({"text-to-video", "--prompt", "A cowboy walks through town.", "--lora",
                     lora.string() + ":0.8", "--camera-lora", "dolly_in", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("uploaded western.safetensors"), std::string::npos) << r.err;
  EXPECT_TRUE(json::parse(r.out).contains("video"));
}

TEST_F(Cli, EndpointOverrideSubmitsElsewhere) {
  StartEmulator();
  CliResult r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--endpoint", "image-to-video",
                     "--validation", "off", "--no-wait"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = r.out.substr(0, 36);
  // The job lives on image-to-video, whose own rules refuse a render-to-real body (no image_url).
  CliResult result =
      Run({"result", id, "--endpoint", "image-to-video", "--wait", "--poll-ms", "20", "--quiet"});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("image_url"), std::string::npos) << result.err;
}

TEST_F(Cli, SubmitOptionsReachTheServer) {
  const fs::path journal = dir_ / "journal.jsonl";
  StartEmulator({"--journal", journal.string()});
  CliResult r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--no-wait", "--priority",
                     "low", "--hint", "shot-42", "--header", "X-Test-Header: yes", "--start-timeout", "30",
                     "--expires-in", "1d", "--webhook", "http://127.0.0.1:9/hook"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string submitted = ReadFile(journal);
  for (char& c : submitted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* expected : {"x-fal-queue-priority", "low", "x-fal-runner-hint", "shot-42", "x-test-header",
                               "fal_webhook", "x-fal-request-timeout", "x-fal-object-lifecycle-preference"}) {
    EXPECT_NE(submitted.find(expected), std::string::npos) << expected << "\n" << submitted;
  }
}

// ---- Jobs by request id ----

TEST_F(Cli, NoWaitThenStatusThenResult) {
  StartEmulator();
  CliResult submitted = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--no-wait"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const std::string id = submitted.out.substr(0, submitted.out.find('\n'));
  ASSERT_EQ(id.size(), 36u) << submitted.out;

  // The emulator runs a job in 150 ms; on a loaded machine starting the `status` process can take longer,
  // so any of the three states is right here. What matters is that the first line is the state.
  CliResult status = Run({"status", id});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(status.out.rfind("IN_QUEUE", 0) == 0 || status.out.rfind("IN_PROGRESS", 0) == 0 ||
              status.out.rfind("COMPLETED", 0) == 0)
      << status.out;

  const fs::path out = dir_ / "result.mp4";
  CliResult result = Run({"result", id, "--wait", "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadFile(out).substr(4, 4), "ftyp");

  status = Run({"status", id, "--logs"});
  EXPECT_NE(status.out.find("log: "), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("COMPLETED"), std::string::npos) << status.out;
  status = Run({"status", id, "--json"});
  EXPECT_EQ(json::parse(status.out)["status"], "COMPLETED");

  result = Run({"result", id, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(json::parse(result.out)["video"].contains("url"));
  result = Run({"result", id});
  EXPECT_EQ(result.out.rfind(base_url_, 0), 0u) << result.out;
}

TEST_F(Cli, NoWaitJsonAndOtherEndpoints) {
  StartEmulator();
  CliResult submitted = Run({"text-to-video", "--prompt", "A cowboy.", "--lora",
                             "https://x.test/w.safetensors", "--no-wait", "--json"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const json j = json::parse(submitted.out);
  EXPECT_EQ(j["endpoint"], "fal-ai/ltx-2.3-22b/text-to-video/lora");
  CliResult result = Run({"result", j["request_id"], "--endpoint", "text-to-video", "--wait", "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(Cli, ResultOfAnUnfinishedJobSaysHowToWait) {
  StartEmulator({"--queue-ms", "5000"});
  CliResult submitted = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--no-wait"});
  const std::string id = submitted.out.substr(0, 36);
  CliResult r = Run({"result", id});
  EXPECT_EQ(r.exit_code, 6) << r.err;  // not invalid input (2): the same command works later
  EXPECT_NE(r.err.find("add --wait"), std::string::npos) << r.err;
}

TEST_F(Cli, CancelAQueuedJob) {
  StartEmulator({"--queue-ms", "5000"});
  CliResult submitted =
      Run({"image-to-video", "--image", "https://example.com/i.png", "--prompt", "x", "--no-wait"});
  const std::string id = submitted.out.substr(0, 36);
  CliResult r = Run({"cancel", id, "--endpoint", "image-to-video"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "cancellation requested\n");
  r = Run({"cancel", "00000000-0000-0000-0000-000000000000"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
}

TEST_F(Cli, UnknownRequestIdIsAnApiError) {
  StartEmulator();
  CliResult r = Run({"status", "00000000-0000-0000-0000-000000000000"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
}

// ---- Files ----

TEST_F(Cli, UploadThenDownloadRoundTrips) {
  StartEmulator();
  CliResult up = Run({"upload", kVideo, "--expires-in", "1h"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  const std::string url = up.out.substr(0, up.out.find('\n'));
  EXPECT_EQ(url.rfind(base_url_, 0), 0u) << url;
  const fs::path copy = dir_ / "copy.mp4";
  CliResult down = Run({"download", url, copy.string()});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(ReadFile(copy), ReadFile(kVideo));
  EXPECT_EQ(down.out, copy.string() + "\n");
  EXPECT_NE(down.err.find("saved"), std::string::npos);
}

// A Latin-1 file name (not UTF-8) neither crashes fal-ltx nor loses the upload's error.
TEST_F(Cli, UploadOfAFileWhoseNameIsNotUtf8) {
  const fs::path latin1 = dir_ / "bad\xFF\xFEname.mp4";
  fs::copy_file(kVideo, latin1);
  StartEmulator({"--faults", "token:403x1;initiate:403x1"});  // refused, whichever upload protocol runs
  CliResult refused = Run({"upload", latin1.string()});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;  // permission denied
  EXPECT_NE(refused.err.find("HTTP 403"), std::string::npos) << refused.err;
  CliResult up = Run({"upload", latin1.string()});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  const std::string url = up.out.substr(0, up.out.find('\n'));
  const fs::path copy = dir_ / "copy.mp4";
  ASSERT_EQ(Run({"download", url, copy.string()}).exit_code, 0);
  EXPECT_EQ(ReadFile(copy), ReadFile(kVideo));
}

TEST_F(Cli, DownloadOfAMissingFileIsAnApiError) {
  StartEmulator();
  CliResult r = Run({"download", base_url_ + "/files/nope/missing.mp4", (dir_ / "x.mp4").string()});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x.mp4"));
}

// ---- Exit codes ----

TEST_F(Cli, StrictValidationRefusesBeforeUploadingOrSending) {
  StartEmulator();
  CliResult r = Run({"render-to-real", "--video", kVideo, "--num-frames", "200"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("720p budget of 145 frames"), std::string::npos) << r.err;
  const json stats = Stats();
  EXPECT_EQ(stats["requests"]["initiate"], 0);
  EXPECT_EQ(stats["requests"]["submit"], 0);
}

TEST_F(Cli, ApiErrorExits3AndNeverShowsTheKey) {
  StartEmulator({"--api-key", "the-right-key-000"});
  CliResult r = Run({"render-to-real", "--video", kVideo});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("FAL_KEY"), std::string::npos) << r.err;
  r = Run({"status", "00000000-0000-0000-0000-000000000000"});
  EXPECT_EQ(r.exit_code, 3);
}

TEST_F(Cli, ServerErrorsAfterRetriesExit3) {
  StartEmulator({"--faults", "submit:500@1"});
  CliResult r = Run({"render-to-real", "--video", "https://example.com/r.mp4"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
}

TEST_F(Cli, JobFailureExits4WithTheServersFindings) {
  StartEmulator();
  CliResult r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--num-frames", "200",
                     "--validation", "off"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("num_frames"), std::string::npos) << r.err;

  StartEmulator({"--faults", "submit:fail(error_type=runner_disconnected)"});
  r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--quiet"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("runner_disconnected"), std::string::npos) << r.err;
}

TEST_F(Cli, WarnModeSendsAnInvalidRequest) {
  StartEmulator();
  CliResult r = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--num-frames", "200",
                     "--validation", "warn", "--quiet"});
  EXPECT_EQ(r.exit_code, 4) << "sent, and the server refused it";
  EXPECT_NE(r.err.find("warning (sent anyway): num_frames"), std::string::npos) << r.err;
}

TEST_F(Cli, NetworkErrorExits5) {
  // base_url_ is a closed port.
  CliResult r = Run({"render-to-real", "--video", "https://example.com/r.mp4"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("FAL_BASE_URL is " + base_url_), std::string::npos) << r.err;
  r = Run({"upload", kVideo});
  EXPECT_EQ(r.exit_code, 5) << r.err;
}

TEST_F(Cli, TimeoutCancelsTheJobAndExits5) {
  StartEmulator({"--run-ms", "30000"});
  CliResult r =
      Run({"render-to-real", "--video", "https://example.com/r.mp4", "--timeout", "1", "--poll-ms", "50"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("did not complete within 1000 ms; it was cancelled on fal"), std::string::npos)
      << r.err;
  EXPECT_EQ(Stats()["jobs_cancelled"], 1);
}

TEST_F(Cli, CtrlCCancelsTheJobOnTheServerAndExits130) {
  StartEmulator({"--run-ms", "30000"});
  CliOptions options;
  options.interrupt_when = [](const std::string& err) {
    return err.find("status: in progress") != std::string::npos;
  };
  CliResult r = Run({"render-to-real", "--video", kVideo, "--stream"}, options);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("interrupted; cancelled job"), std::string::npos) << r.err;
  const std::string id = RequestIdIn(r.err);
  ASSERT_FALSE(id.empty()) << r.err;
  CliResult status = Run({"status", id});
  EXPECT_NE(status.out.find("client_cancelled"), std::string::npos) << status.out;
  EXPECT_EQ(Stats()["jobs_cancelled"], 1);
}

TEST_F(Cli, CtrlCDuringAnUploadExits130) {
  StartEmulator({"--faults", "upload:stall=20000@1"});
  CliOptions options;
  options.interrupt_when = [](const std::string& err) { return err.find("uploading") != std::string::npos; };
  CliResult r = Run({"render-to-real", "--video", kVideo}, options);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_EQ(Stats()["requests"]["submit"], 0);
}

// 22b image-to-video(/lora): run by id, listed by `fal-ltx endpoints`, both images uploaded.
TEST_F(Cli, Ltx22bImageToVideoByIdUploadsBothImages) {
  CliResult r = Run({"fal-ai/ltx-2.3-22b/image-to-video", "--image", kImage, "--end-image", kImage,
                     "--prompt", "A slow dolly-in.", "--video-size", "auto", "--interpolation-direction",
                     "backward", "--end-image-strength", "0.8", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
  EXPECT_EQ(body,
            json::parse(
                R"({"prompt":"A slow dolly-in.","image_url":"<upload: )" + kImage +
                R"(>","end_image_url":"<upload: )" + kImage +
                R"(>","video_size":"auto","end_image_strength":0.8,"interpolation_direction":"backward"})"));
  r = Run({"fal-ai/ltx-2.3-22b/image-to-video/lora", "--image", kImage, "--prompt", "x", "--lora",
           "owner/repo:0.5", "--image-strength", "1.5", "--dry-run"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("image_strength"), std::string::npos) << r.err;
  EXPECT_EQ(json::parse(r.out)["loras"][0]["path"], "owner/repo");
  r = Run({"endpoints"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("fal-ai/ltx-2.3-22b/image-to-video "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fal-ai/ltx-2.3-22b/image-to-video/lora"), std::string::npos) << r.out;
}

// The distilled 22b /lora endpoints run by id: their fields are flags, local images are uploads, and a run
// against the emulator uploads both images and answers a video.
TEST_F(Cli, DistilledImageToVideoLoraByIdWithStartAndEndImages) {
  const std::string id = "fal-ai/ltx-2.3-22b/distilled/image-to-video/lora";
  CliResult help = Run({id, "--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  for (const char* flag : {"--image ", "--end-image ", "--lora ", "--interpolation-direction ",
                           "--end-image-strength ", "--distill-lora-second-pass-scale "}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
  EXPECT_EQ(help.out.find("--num-inference-steps"), std::string::npos) << "not a distilled field";
  CliResult r = Run({id, "--image", kImage, "--end-image", kImage, "--prompt", "A door opens.", "--lora",
                     "https://example.com/style.safetensors:0.5", "--interpolation-direction", "backward",
                     "--video-size", "auto", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
  EXPECT_EQ(body["image_url"], "<upload: " + kImage + ">");
  EXPECT_EQ(body["end_image_url"], "<upload: " + kImage + ">");
  EXPECT_EQ(body["interpolation_direction"], "backward");
  EXPECT_EQ(body["video_size"], "auto");
  EXPECT_EQ(body["loras"][0]["scale"], 0.5);
  StartEmulator();
  r = Run({id, "--image", kImage, "--end-image", kImage, "--prompt", "A door opens.", "--lora",
           "https://example.com/style.safetensors", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["video"]["url"].get<std::string>().rfind(base_url_, 0), 0u) << out;
  EXPECT_EQ(out["video"]["width"], 1280) << "auto, the emulator's assumed size";
}

TEST_F(Cli, DistilledTextToVideoLoraRejectsAutoAndSteps) {
  const std::string id = "fal-ai/ltx-2.3-22b/distilled/text-to-video/lora";
  CliResult r = Run({id, "--prompt", "A cowboy.", "--lora", "https://example.com/w.safetensors",
                     "--video-size", "auto", "--dry-run"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  r = Run({id, "--prompt", "A cowboy.", "--lora", "https://example.com/w.safetensors",
           "--num-inference-steps", "8", "--dry-run"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  r = Run({id, "--prompt", "A cowboy.", "--lora", "https://example.com/w.safetensors", "--camera-lora",
           "jib_up", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out), json::parse(R"({"prompt":"A cowboy.","camera_lora":"jib_up",
      "loras":[{"path":"https://example.com/w.safetensors"}]})"));
}

// 22b extend-video(/lora): run by id; the source video and the end image are uploads, the overlap and
// the /lora LoRAs are flags, and an overlap not below num_frames is refused before anything is sent.
TEST_F(Cli, Ltx22bExtendVideoByIdUploadsTheSource) {
  CliResult r = Run({"fal-ai/ltx-2.3-22b/extend-video/lora", "--video", kImage, "--end-image", kImage,
                     "--prompt", "It goes on.", "--lora", "owner/repo:0.5", "--num-context-frames", "33",
                     "--extend-direction", "backward", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json body = json::parse(r.out);
  EXPECT_EQ(body["video_url"], "<upload: " + kImage + ">");
  EXPECT_EQ(body["end_image_url"], "<upload: " + kImage + ">");
  EXPECT_EQ(body["num_context_frames"], 33);
  EXPECT_EQ(body["extend_direction"], "backward");
  EXPECT_EQ(body["loras"][0]["path"], "owner/repo");
  r = Run({"fal-ai/ltx-2.3-22b/extend-video", "--video", kImage, "--prompt", "x", "--num-frames", "97",
           "--num-context-frames", "97", "--dry-run"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("num_context_frames"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fal::test_support
