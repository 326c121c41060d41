// Shared helpers for fal-emulator's integration tests: a fixture that starts the emulator with fast
// timings, JSON shortcuts for the queue, and a raw-socket client for connection-level faults.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/emulator_process.hpp"

namespace fal::emulator_test {

using fal::test_support::EmulatorProcess;
using nlohmann::json;

inline constexpr char kRenderToReal[] = "fal-ai/ltx-2.3-quality/render-to-real";
inline constexpr char kReferenceVideo[] = "fal-ai/ltx-2.3-quality/reference-video-to-video/lora";
inline constexpr char kImageToVideo[] = "fal-ai/ltx-2.3-quality/image-to-video";
inline constexpr char kTextToVideo22b[] = "fal-ai/ltx-2.3-22b/text-to-video/lora";
inline constexpr char kExtendVideo[] = "fal-ai/ltx-2.3-quality/extend-video";
inline constexpr char kDayToNight[] = "fal-ai/ltx-2.3-quality/day-to-night";
inline constexpr char kImageToVideoLora[] = "fal-ai/ltx-2.3-quality/image-to-video/lora";
inline constexpr char kImageToVideo22b[] = "fal-ai/ltx-2.3-22b/image-to-video";
inline constexpr char kImageToVideo22bLora[] = "fal-ai/ltx-2.3-22b/image-to-video/lora";
inline constexpr char kExtendVideo22b[] = "fal-ai/ltx-2.3-22b/extend-video";
inline constexpr char kExtendVideo22bLora[] = "fal-ai/ltx-2.3-22b/extend-video/lora";
inline constexpr char kDistilledTextToVideoLora[] = "fal-ai/ltx-2.3-22b/distilled/text-to-video/lora";
inline constexpr char kDistilledImageToVideoLora[] = "fal-ai/ltx-2.3-22b/distilled/image-to-video/lora";
inline constexpr char kQualityApp[] = "fal-ai/ltx-2.3-quality";
inline constexpr char k22bApp[] = "fal-ai/ltx-2.3-22b";

// Timings that keep a job under ~100 ms: queue 20 ms, run 60 ms, a log line every 20 ms.
std::vector<std::string> FastArgs(std::vector<std::string> extra = {});

// A minimal valid input for each endpoint.
json MinimalInput(const std::string& endpoint);
std::string AppOf(const std::string& endpoint);

json ParseJson(const std::string& text);
std::string HeaderValue(const httplib::Headers& headers, const std::string& name);
std::int64_t SteadyNowMicros();

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Replaces the running emulator with one started with `args` (FastArgs() is not added).
  void Restart(std::vector<std::string> args);

  httplib::Client& http() { return *client_; }
  const std::string& base() const { return emulator_->base_url(); }
  EmulatorProcess& emulator() { return *emulator_; }

  // POST /{endpoint}; expects 200 and returns the submit answer.
  json Submit(const std::string& endpoint, const json& input, const std::string& query = "",
              const httplib::Headers& headers = {});
  // Polls status (logs=1) until COMPLETED; returns the final status JSON.
  json WaitCompleted(const std::string& app, const std::string& request_id,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Submits, waits, and returns {result status, result body}.
  std::pair<int, json> Run(const std::string& endpoint, const json& input);
  json Stats();
  // Polls stats until `key` reaches `value` (counters are bumped after the answer a test may see first).
  json WaitForStat(const std::string& key, std::uint64_t value,
                   std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::string StatusPath(const std::string& app, const std::string& id) const;

  std::unique_ptr<EmulatorProcess> emulator_;
  std::unique_ptr<httplib::Client> client_;
};

// A bare TCP exchange, for faults httplib::Client would hide: how many bytes came back and whether the
// connection ended with a reset or a clean close.
struct RawExchange {
  std::string received;
  bool reset = false;  // ECONNRESET
  bool eof = false;    // orderly close (FIN)
  bool timed_out = false;
  std::chrono::milliseconds elapsed{0};
};
RawExchange RawRequest(int port, const std::string& request, std::chrono::milliseconds timeout);

// Bodies of a raw answer after the header block (chunked encoding not decoded).
std::string AfterHeaders(const std::string& response);

std::string Base64Decode(const std::string& text);

// A webhook receiver on 127.0.0.1 that records what it gets and answers with the statuses queued.
class WebhookReceiver {
 public:
  struct Received {
    httplib::Headers headers;
    std::string body;
    std::string target;
    std::chrono::steady_clock::time_point at;
  };

  WebhookReceiver();
  ~WebhookReceiver();

  std::string url(const std::string& path = "/hook") const;
  // Statuses for the next deliveries, in order; 200 afterwards.
  void AnswerWith(std::vector<int> statuses);
  // Waits until `count` deliveries arrived or the timeout passed; returns them.
  std::vector<Received> WaitFor(std::size_t count,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Received> received_;
  std::vector<int> statuses_;
};

}  // namespace fal::emulator_test
