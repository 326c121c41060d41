// fal-ltx's messages are for a shell user: every error path is run against fal-emulator and its text is
// checked for C++ (a "::", an options struct, a call "()", a kConstant, a C++ member name). Also the
// follow-up of --no-wait, the remembered endpoint, and the one-cancel and start-timeout exits.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_process.hpp"
#include "support/emulator_process.hpp"

namespace fal::test_support {
namespace {

namespace fs = std::filesystem;

constexpr const char* kKey = "messages-test-key:secret-value-1";
const std::string kData = std::string(FALCPP_SOURCE_DIR) + "/examples/data/";
const std::string kVideo = kData + "blockout_720p.mp4";

// What C++ looks like in a message. JSON field names (num_frames) are the user's too: they are flags.
const std::regex& CppIdentifier() {
  static const std::regex re(
      R"(::|\w\(\)|\(\.\.\.\)|\b\w*Options\b|\bk[A-Z][a-z]\w*\b|\bfal::|\b(extra_headers|start_timeout|)"
      R"(retry_ambiguous|use_environment|poll_interval|extra_json|on_warning|credentials|max_in_flight|)"
      R"(base_url|overwrite)\b)");
  return re;
}

class CliMessages : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fal-ltx-messages-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void StartEmulator(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--queue-ms", "20", "--run-ms", "150", "--api-key", kKey};
    args.insert(args.end(), extra.begin(), extra.end());
    emulator_ = std::make_unique<EmulatorProcess>(args);
  }

  CliResult Run(const std::vector<std::string>& args,
                std::map<std::string, std::optional<std::string>> env = {}) {
    CliOptions options;
    options.env = std::move(env);
    options.env.emplace("FAL_KEY", kKey);
    options.env.emplace("FAL_BASE_URL", emulator_ ? emulator_->base_url() : "http://127.0.0.1:9");
    options.env.emplace("XDG_STATE_HOME", (dir_ / "state").string());
    options.working_directory = dir_.string();
    return RunCli(args, options);
  }

  int Requests(const std::string& route) {
    httplib::Client http(emulator_->base_url());
    auto res = http.Get("/_emulator/stats");
    const nlohmann::json stats = nlohmann::json::parse(res->body);
    return stats["requests"].value(route, 0);
  }

  fs::path dir_;
  std::unique_ptr<EmulatorProcess> emulator_;
};

struct ErrorPath {
  const char* what;
  std::vector<std::string> args;
  int exit_code;
  std::map<std::string, std::optional<std::string>> env = {};
};

// Every way fal-ltx reports an error, one case each; the comment names where the text comes from.
TEST_F(CliMessages, NoErrorSpeaksCpp) {
  StartEmulator({"--faults", "submit:reset-after-enqueue"});
  const std::string url = "https://example.com/r.mp4";
  fs::create_directories(dir_ / "a-directory");
  const std::vector<ErrorPath> paths = {
      {"unknown command", {"render-to-reel"}, 2},
      {"unknown flag", {"render-to-real", "--promt", "x"}, 2},
      {"a flag twice", {"render-to-real", "--video", url, "--seed", "1", "--seed", "2"}, 2},
      {"a switch with a value", {"render-to-real", "--dry-run=1"}, 2},
      {"a missing value", {"render-to-real", "--num-frames"}, 2},
      {"not a number", {"render-to-real", "--num-frames", "many"}, 2},
      {"not a bool", {"text-to-video", "--prompt", "x", "--generate-audio", "maybe"}, 2},
      {"not an enum value", {"render-to-real", "--video-quality", "ultra"}, 2},
      {"not a size", {"image-to-video", "--resolution", "huge"}, 2},
      {"not a duration", {"render-to-real", "--timeout", "soon"}, 2},
      {"a zero timeout", {"render-to-real", "--timeout", "0"}, 2},
      {"a short poll", {"render-to-real", "--poll-ms", "5"}, 2},
      {"--extra without =", {"render-to-real", "--extra", "x"}, 2},
      {"--extra not JSON", {"render-to-real", "--extra", "x=abc"}, 2},
      {"--validation", {"render-to-real", "--validation", "lax"}, 2},
      {"--priority", {"render-to-real", "--priority", "high"}, 2},
      {"--expires-in", {"render-to-real", "--expires-in", "soon"}, 2},
      {"--header shape", {"render-to-real", "--header", "nocolon"}, 2},
      {"--header Authorization", {"render-to-real", "--video", url, "--header", "Authorization: Key x"}, 2},
      {"--start-timeout too short", {"render-to-real", "--video", url, "--start-timeout", "0.1"}, 2},
      {"a stray argument", {"render-to-real", "stray"}, 2},
      {"--out with --no-wait", {"render-to-real", "--video", url, "--out", "v.mp4", "--no-wait"}, 2},
      {"--preset", {"render-to-real", "--preset", "medium"}, 2},
      {"no such file", {"render-to-real", "--video", "missing.mp4"}, 2},
      {"a directory", {"render-to-real", "--video", "a-directory"}, 2},
      {"an ftp URL", {"render-to-real", "--video", "ftp://example.com/r.mp4"}, 2},
      {"a file URL", {"render-to-real", "--video", "file:///tmp/r.mp4"}, 2},
      {"an empty file value", {"render-to-real", "--video", ""}, 2},
      {"a LoRA without path", {"text-to-video", "--prompt", "x", "--lora", ":0.5"}, 2},
      {"validation, several findings",
       {"render-to-real", "--video", url, "--num-frames", "200", "--num-inference-steps", "100"},
       2},
      {"validation, a required field", {"render-to-real"}, 2},
      // A value fal may have added to an enum: warned and sent as written (a dry run here, so nothing is
      // sent).
      {"a value fal may have added",
       {"render-to-real", "--video", url, "--extra", "video_quality=\"ultra\"", "--dry-run"},
       0},
      {"an enum flag with a value falcpp does not know",
       {"fal-ai/ltx-2.3-quality/day-to-night", "--video", url, "--video-quality", "ultra"},
       2},
      {"a dry run with findings",
       {"render-to-real", "--video", url, "--num-frames", "200", "--dry-run", "--extra", "num_frames=201"},
       2},
      {"a 3DREAL LoRA without the trigger",
       {"reference-video-to-video", "--video", url, "--prompt", "x", "--lora",
        "https://example.com/3DREAL_strong.safetensors", "--dry-run"},
       0},
      // The first submit of this test: the emulator's one planned fault resets it after the job exists.
      {"an ambiguous submit", {"render-to-real", "--video", url}, 5},
      {"a sent-anyway error",
       {"render-to-real", "--video", url, "--num-frames", "200", "--validation", "warn", "--no-wait",
        "--quiet", "--endpoint", "fal-ai/nope/x"},
       3},
      {"an unknown endpoint", {"render-to-real", "--video", url, "--endpoint", "fal-ai/nope/x"}, 3},
      {"a bad endpoint id", {"render-to-real", "--video", url, "--endpoint", "not an id"}, 2},
      {"a wrong key",
       {"status", "00000000-0000-0000-0000-000000000000"},
       3,
       {{"FAL_KEY", "wrong:key-value"}}},
      {"no key", {"render-to-real", "--video", url}, 3, {{"FAL_KEY", std::nullopt}}},
      {"a malformed FAL_BASE_URL", {"status", "x"}, 2, {{"FAL_BASE_URL", "127.0.0.1:1"}}},
      {"nothing listening",
       {"status", "00000000-0000-0000-0000-000000000000"},
       5,
       {{"FAL_BASE_URL", "http://127.0.0.1:9"}}},
      {"status without id", {"status"}, 2},
      {"status, two ids", {"status", "a", "b"}, 2},
      {"status, unknown id", {"status", "00000000-0000-0000-0000-000000000000"}, 3},
      {"result, unknown id", {"result", "00000000-0000-0000-0000-000000000000"}, 3},
      {"cancel, unknown id", {"cancel", "00000000-0000-0000-0000-000000000000"}, 3},
      {"a bad request id", {"status", "../x"}, 2},
      {"upload without path", {"upload"}, 2},
      {"upload a directory", {"upload", "a-directory"}, 2},
      {"upload a URL", {"upload", "https://example.com/x.mp4"}, 2},
      {"upload a missing file", {"upload", "missing.mp4"}, 2},
      {"download, one argument", {"download", "x"}, 2},
      {"download, not found", {"download", "http://127.0.0.1:9/files/none", "out.mp4"}, 5},
      {"download to a directory", {"download", "data:video/mp4;base64,AAAA", "a-directory"}, 2},
  };
  for (const ErrorPath& p : paths) {
    CliResult r = Run(p.args, p.env);
    std::string text = r.err;
    EXPECT_EQ(r.exit_code, p.exit_code) << p.what << ":\n" << r.err;
    EXPECT_FALSE(text.empty() && p.exit_code != 0) << p.what << ": an error says something";
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, CppIdentifier()))
        << p.what << ": '" << m.str() << "' is C++, not shell:\n"
        << text;
  }
}

// Hints once; the headline does not repeat a finding that is listed below it.
TEST_F(CliMessages, EachThingIsSaidOnce) {
  CliResult r = Run({"text-to-video", "--promt", "x"});
  EXPECT_EQ(r.err,
            "fal-ltx text-to-video: unknown option --promt (did you mean --prompt?)\n"
            "  see: fal-ltx text-to-video --help\n");
  r = Run({"render-to-reel"});
  EXPECT_EQ(r.err,
            "fal-ltx: unknown command 'render-to-reel' (did you mean render-to-real?)\n"
            "  see: fal-ltx --help\n");
  r = Run({"render-to-real", "--video", kVideo, "--num-frames", "200", "--num-inference-steps", "100"});
  EXPECT_EQ(r.exit_code, 2);
  const auto first = r.err.find("num_inference_steps=100 is above the maximum");
  ASSERT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("num_inference_steps=100 is above the maximum", first + 1), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("2 problems, in num_inference_steps and num_frames"), std::string::npos) << r.err;
}

TEST_F(CliMessages, TheFileProblemIsNamed) {
  fs::create_directories(dir_ / "renders");
  CliResult r = Run({"upload", "renders"});
  EXPECT_NE(r.err.find("'renders' is not a regular file (a directory)"), std::string::npos) << r.err;
  r = Run({"render-to-real", "--video", "ftp://example.com/r.mp4"});
  EXPECT_NE(r.err.find("fal does not fetch ftp:// URLs"), std::string::npos) << r.err;
  r = Run({"upload", "https://example.com/x.mp4"});
  EXPECT_NE(r.err.find("is already a URL"), std::string::npos) << r.err;
  r = Run({"status", "x"}, {{"FAL_BASE_URL", "127.0.0.1:1"}});
  EXPECT_NE(r.err.find("FAL_BASE_URL \"127.0.0.1:1\" is not an absolute http(s) URL"), std::string::npos)
      << r.err;
}

// --no-wait prints the command that collects the job, and fal-ltx remembers its endpoint, so that the
// README's `fal-ltx result "$id" --wait` works for a text-to-video job without --endpoint.
TEST_F(CliMessages, NoWaitSaysWhatToRunAndTheEndpointIsRemembered) {
  StartEmulator();
  CliResult submitted = Run(
      {"text-to-video", "--prompt", "A cowboy.", "--lora", "https://example.com/w.safetensors", "--no-wait"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const std::string id = submitted.out.substr(0, 36);
  EXPECT_EQ(submitted.out, id + "\n") << "stdout stays the id alone, for id=$(...)";
  EXPECT_NE(submitted.err.find("fal-ltx result " + id + " --endpoint text-to-video --wait --out video.mp4"),
            std::string::npos)
      << submitted.err;
  const std::string jobs = [&] {
    std::ifstream in(dir_ / "state" / "fal-ltx" / "jobs");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  EXPECT_NE(jobs.find(id + " fal-ai/ltx-2.3-22b/text-to-video/lora"), std::string::npos) << jobs;

  CliResult result = Run({"result", id, "--wait", "--out", "video.mp4", "--quiet"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(dir_ / "video.mp4"));

  // A state directory that cannot be written never fails a command.
  std::ofstream(dir_ / "not-a-directory") << "x";
  CliResult unwritable =
      Run({"render-to-real", "--video", "https://example.com/r.mp4", "--no-wait", "--quiet"},
          {{"XDG_STATE_HOME", (dir_ / "not-a-directory").string()}});
  EXPECT_EQ(unwritable.exit_code, 0) << unwritable.err;
  EXPECT_TRUE(unwritable.err.empty()) << unwritable.err;
}

TEST_F(CliMessages, AResultAskedForTooEarlyExits6) {
  StartEmulator({"--queue-ms", "5000"});
  CliResult submitted = Run({"render-to-real", "--video", "https://example.com/r.mp4", "--no-wait"});
  const std::string id = submitted.out.substr(0, 36);
  CliResult r = Run({"result", id});
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_NE(r.err.find("is not ready: the job is IN_QUEUE; add --wait"), std::string::npos) << r.err;
}

// fal gives up on a job that has not started within --start-timeout: a timeout (exit 5), not a failed job.
TEST_F(CliMessages, AStartTimeoutExits5) {
  StartEmulator({"--queue-ms", "3000"});
  CliResult r =
      Run({"render-to-real", "--video", "https://example.com/r.mp4", "--start-timeout", "1", "--quiet"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("did not start within its start timeout; raise --start-timeout"), std::string::npos)
      << r.err;
}

// --timeout cancels the job once, and says what fal answered.
TEST_F(CliMessages, ATimeoutCancelsOnce) {
  StartEmulator({"--queue-ms", "3000"});
  CliResult r =
      Run({"render-to-real", "--video", "https://example.com/r.mp4", "--timeout", "0.5", "--quiet"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("did not complete within 500 ms; it was cancelled on fal; raise --timeout"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Requests("cancel"), 1);
}

}  // namespace
}  // namespace fal::test_support
