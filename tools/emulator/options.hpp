// fal-emulator's command line. The defaults give a good demo with no flags: two workers, about half a
// second in the queue and a second of "rendering" with a log line every 250 ms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fal::emulator {

// What a job's output video is: rendered from the input (falcpp::media), or the stored bytes copied.
enum class OutputMode { kRender, kCopy };

// Whether this build can render outputs (it was built with falcpp::media).
bool CanRenderOutputs();

// What reference-video-to-video/lora does with more than 150 frames at a 720p-class size.
enum class OverBudgetPolicy { kCap, kReject };

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string api_key;  // empty: no Authorization required
  int workers = 2;
  int queue_ms = 500;
  int run_ms = 1000;
  int log_every_ms = 250;
  std::optional<std::uint64_t> seed;
  std::string data_dir;  // empty: a temporary directory removed at exit
  std::string faults;
  std::string journal_path;
  int sse_keepalive_ms = 15000;
  OverBudgetPolicy rv2v_over_budget = OverBudgetPolicy::kCap;
  int webhook_attempts = 5;
  int webhook_backoff_ms = 1000;
  std::string webhook_key_path;  // PEM Ed25519 private key; empty: generated at start
  std::string webhook_user_id = "emulator-user";
  int max_threads = 4096;
  int cdn_token_lifetime_ms = 600000;         // CDN v3 tokens expire this long after they are minted
  std::string cdn_token_prefix = "emu-cdn-";  // every CDN token starts with it (tests grep for leaks)
  bool verbose = false;
  OutputMode outputs = CanRenderOutputs() ? OutputMode::kRender : OutputMode::kCopy;
};

struct ParsedOptions {
  Options options;
  std::string error;  // non-empty: the command line was wrong
  bool show_help = false;
  bool show_version = false;
};

ParsedOptions ParseOptions(const std::vector<std::string>& args);
std::string UsageText();

}  // namespace fal::emulator
