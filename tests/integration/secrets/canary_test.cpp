// The API key never leaks: falcpp runs with a canary key and everything turned up (a sink taking every log
// line, log_bodies on with a large limit) through successes and every error path against fal-emulator
// (401, 422, 5xx, network failures, ambiguous submits, upload and download failures, webhook verification
// failures, timeouts, cancellation). Every log line, error message, Error::ToString, exception text, the
// emulator's journal and fal-ltx's output are collected, and the canary must appear in none of them. The
// same holds for the CDN v3 upload token, a credential too: the emulator mints every token with a canary
// prefix (--cdn-token-prefix), and the CDN paths (success, 401, expiry mid-upload, part and token failures,
// the fallback) run alongside the storage initiate ones.
// scripts/test.sh adds the same search over the whole suite's captured output.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fal/client.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/webhooks.hpp"
#include "support/emulator_process.hpp"
#include "support/fault_harness.hpp"
#if defined(FAL_LTX_PATH)
#include "cli/cli_process.hpp"
#endif

namespace fal {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using test_support::EmulatorControl;
using test_support::EmulatorProcess;
using test_support::LogCapture;

// The key the emulator accepts, and a wrong one for the 401 paths. Each part is searched for on its own.
constexpr const char* kCanary = "canary-id-5e81c0:canary-secret-9f27d4b6";
constexpr const char* kWrongCanary = "wrong-id-77ab:wrong-secret-3c90e1";
constexpr const char* kCdnTokenCanary = "cdn-token-canary-4b7e92-";
const std::vector<std::string> kNeedles = {kCanary,        "canary-secret-9f27d4b6", "canary-id-5e81c0",
                                           kWrongCanary,   "wrong-secret-3c90e1",    "wrong-id-77ab",
                                           kCdnTokenCanary};
constexpr const char* kRender = "fal-ai/ltx-2.3-quality/render-to-real";
constexpr const char* kBody = R"({"video_url":"https://example.com/v.mp4","prompt":"3DREAL. canary"})";

class Canary : public ::testing::Test {
 protected:
  void SetUp() override {
    journal_ =
        (fs::temp_directory_path() / ("falcpp-canary-" + std::to_string(getpid()) + ".jsonl")).string();
    emulator_ = std::make_unique<EmulatorProcess>(
        std::vector<std::string>{"--api-key", kCanary, "--journal", journal_, "--queue-ms", "10", "--run-ms",
                                 "30", "--log-every-ms", "10", "--cdn-token-prefix", kCdnTokenCanary});
    control_ = std::make_unique<EmulatorControl>(emulator_->base_url());
  }
  void TearDown() override {
    emulator_.reset();
    fs::remove(journal_);
  }

  ClientOptions Options(const std::string& key, std::string base_url = "",
                        UploadProtocol protocol = UploadProtocol::kCdnV3) {
    ClientOptions o;
    o.upload_protocol = protocol;
    o.use_environment = false;
    o.base_url = base_url.empty() ? emulator_->base_url() : base_url;
    o.credentials = Credentials(key);
    o.log = log_.Sink();
    o.log_bodies = true;
    o.log_body_limit = 1 << 20;
    o.request_timeout = milliseconds(2000);
    for (RetryPolicy* p :
         {&o.retry.submit, &o.retry.status, &o.retry.result, &o.retry.cancel, &o.retry.storage}) {
      p->base_delay = milliseconds(2);
      p->max_delay = milliseconds(20);
    }
    return o;
  }

  // Keeps every text an error can produce: its message, ToString, and the exception value() would throw.
  template <class T>
  void Collect(const std::string& what, const Result<T>& r) {
    if (r.ok()) {
      texts_.push_back(what + ": ok");
      return;
    }
    errors_++;
    texts_.push_back(what + ": " + r.error().message());
    texts_.push_back(what + ": " + r.error().ToString());
    for (const FieldError& f : r.error().field_errors())
      texts_.push_back(what + ": " + f.Path() + " " + f.msg);
#if defined(__cpp_exceptions)
    try {
      (void)r.value();
    } catch (const std::exception& e) {
      texts_.push_back(what + " (exception): " + e.what());
    }
#endif
  }

  void ExpectNoCanary(const std::string& source, const std::string& text) {
    for (const std::string& needle : kNeedles) {
      EXPECT_EQ(text.find(needle), std::string::npos)
          << "the key (" << needle << ") leaked into " << source << ":\n"
          << text.substr(0, 2000);
    }
  }

  std::string journal_;
  std::unique_ptr<EmulatorProcess> emulator_;
  std::unique_ptr<EmulatorControl> control_;
  LogCapture log_;
  std::vector<std::string> texts_;
  int errors_ = 0;
};

TEST_F(Canary, TheKeyAppearsInNoLogErrorExceptionJournalOrCliOutput) {
  Client client(Options(kCanary));
  Client wrong(Options(kWrongCanary));
  WaitOptions wait;
  wait.poll_interval = milliseconds(10);
  wait.timeout = std::chrono::seconds(10);

  // Successes: submit, wait (streaming and polling), result, status with logs, cancel, upload, download.
  {
    auto job = client.Submit(kRender, kBody);
    Collect("submit", job);
    ASSERT_TRUE(job.ok());
    wait.with_logs = true;
    Collect("wait", job->Wait(wait));
    Collect("status", job->Status(fal::Logs::kInclude));
    Collect("cancel after completion", job->Cancel());
    WaitOptions polling = wait;
    polling.mode = WaitMode::kPolling;
    Collect("subscribe polling", client.Subscribe(kRender, kBody, SubscribeOptions{{}, polling, {}}));
    auto url = client.Storage().UploadBytes(std::string(100 * 1024, 'v'));
    Collect("upload", url);
    UploadOptions multipart;
    multipart.multipart_threshold = multipart.part_size = 32 * 1024;
    Collect("multipart upload", client.Storage().UploadBytes(std::string(100 * 1024, 'm'), multipart));
    if (url.ok()) {
      std::ostringstream out;
      Collect("download",
              client.Storage().DownloadTo(OutputFile{*url, std::nullopt, std::nullopt, std::nullopt}, out));
    }
    ltx::RenderToRealInput typed;
    typed.video_url = "https://example.com/v.mp4";
    typed.resolution = ltx::RenderResolution::k480p;
    Collect("typed subscribe", client.Subscribe(typed));
  }

  // 401: a wrong key, on the queue and on upload initiate.
  Collect("submit with a wrong key", wrong.Submit(kRender, kBody));
  Collect("status with a wrong key",
          wrong.Job(kRender, "00000000-0000-0000-0000-000000000001").value().Status());
  Collect("upload with a wrong key", wrong.Storage().UploadBytes("bytes"));

  // 422: a body that is not an object (at once), a job the server rejects (after queueing), local validation.
  Collect("submit of a non-object", client.Submit(kRender, "[1,2]"));
  {
    ltx::RenderToRealInput over;
    over.video_url = "https://example.com/v.mp4";
    over.resolution = ltx::RenderResolution::k720p;
    over.num_frames = 200;
    SubscribeOptions lenient;
    lenient.submit.validation = ValidationMode::kOff;
    lenient.wait = wait;
    Collect("server 422", client.Subscribe(over, lenient));
    Collect("local validation", client.Subscribe(over));
  }
  Collect("unknown endpoint", client.Submit("fal-ai/no-such-app", kBody));
  Collect("unknown request", client.Job(kRender, "00000000-0000-0000-0000-000000000002").value().Status());

  // 5xx, exhausted retries, HTML from a proxy, a failed job.
  control_->SetFaults("submit:503x1");
  Collect("submit 503", client.Submit(kRender, kBody));
  control_->SetFaults("status:500@1");
  Collect("status 500", client.Job(kRender, "00000000-0000-0000-0000-000000000003").value().Status());
  control_->SetFaults("submit:502(ingress)@1");
  Collect("submit html 502", client.Submit(kRender, kBody));
  control_->SetFaults("submit:fail(error_type=runner_disconnected)");
  Collect("failed job", client.Subscribe(kRender, kBody, SubscribeOptions{{}, wait, {}}));
  control_->SetFaults("submit:429(retry-after=86400)");
  Collect("rate limited", client.Submit(kRender, kBody));

  // Network failures: resets, short bodies, garbage, stalls past the timeout, a refused connection.
  {
    auto job = client.Submit(kRender, kBody);
    Collect("submit for reads", job);
    ASSERT_TRUE(job.ok());
    control_->SetFaults("status:reset@1");
    Collect("status reset", job->Status());
    control_->SetFaults("result:close-mid-body@1");
    Collect("result short body", job->FetchResult());
    control_->SetFaults("result:garbage@1");
    Collect("result garbage", job->FetchResult());
    control_->SetFaults("status:stall=5000@1");
    CallOptions quick;
    quick.timeout = milliseconds(500);
    Collect("status stall", job->Status(fal::Logs::kOmit, quick));
    control_->ClearFaults();
    CancellationSource cancel;
    cancel.Cancel();
    CallOptions cancelled;
    cancelled.cancel = cancel.Token();
    Collect("cancelled call", job->Status(fal::Logs::kOmit, cancelled));
  }
  {
    EmulatorProcess gone(std::vector<std::string>{});
    std::string closed = gone.base_url();
    gone.Stop();
    Client refused(Options(kCanary, closed));
    Collect("refused submit", refused.Submit(kRender, kBody));
    Collect("refused upload", refused.Storage().UploadBytes("x"));
  }

  // Ambiguous submits: reset after enqueue, a garbled answer, a stalled one.
  control_->SetFaults("submit:reset-after-enqueue");
  Collect("ambiguous reset", client.Submit(kRender, kBody));
  control_->SetFaults("submit:garbage");
  Collect("ambiguous garbage", client.Submit(kRender, kBody));
  control_->SetFaults("submit:stall=3000");
  SubmitOptions short_submit;
  short_submit.call.timeout = milliseconds(300);
  Collect("ambiguous stall", client.Submit(kRender, kBody, short_submit));

  // Upload and download failures, through both upload protocols.
  Client initiate(Options(kCanary, "", UploadProtocol::kStorageInitiate));
  UploadOptions parts;
  parts.multipart_threshold = parts.part_size = 16 * 1024;
  Collect("upload through initiate", initiate.Storage().UploadBytes(std::string(40 * 1024, 'i'), parts));
  control_->SetFaults("upload:403@1");
  Collect("upload 403", initiate.Storage().UploadBytes("signed url refused"));
  control_->SetFaults("part:503@1");
  Collect("part 503", initiate.Storage().UploadBytes(std::string(40 * 1024, 'p'), parts));
  control_->SetFaults("initiate:500@1");
  Collect("initiate 500", initiate.Storage().UploadBytes("x"));
  control_->SetFaults("cdn-upload:401@1");
  Collect("cdn 401", client.Storage().UploadBytes("token refused"));
  control_->SetFaults("cdn-part:expire-token@1");
  Collect("cdn token expired mid-upload", client.Storage().UploadBytes(std::string(40 * 1024, 'e'), parts));
  control_->SetFaults("cdn-part:503@1");
  Collect("cdn part 503", client.Storage().UploadBytes(std::string(40 * 1024, 'c'), parts));
  control_->SetFaults("cdn-complete:garbage@1");
  Collect("cdn complete garbage", client.Storage().UploadBytes(std::string(40 * 1024, 'g'), parts));
  {
    control_->SetFaults("token:500@1");
    Client fresh(Options(kCanary));
    Collect("cdn token 500", fresh.Storage().UploadBytes("x"));
    control_->SetFaults("token:garbage@1");
    Collect("cdn token garbage (falls back)", fresh.Storage().UploadBytes("x"));
  }
  control_->SetFaults("file:reset-mid-body@1");
  {
    std::ostringstream out;
    Collect("download reset",
            client.Storage().DownloadTo(OutputFile{emulator_->base_url() + "/files/none/f.mp4", std::nullopt,
                                                   std::nullopt, std::nullopt},
                                        out));
  }
  control_->ClearFaults();
  {
    std::ostringstream out;
    Collect("download 404",
            client.Storage().DownloadTo(OutputFile{emulator_->base_url() + "/files/none/f.mp4?X-Sig=s3cr3t",
                                                   std::nullopt, std::nullopt, std::nullopt},
                                        out));
  }

  // Wait timeout (with the best-effort cancel), and a cancelled wait.
  {
    control_->SetFaults("stream:sse-silence=60000@1; status:stall=60000@1");
    auto job = client.Submit(kRender, kBody);
    Collect("submit for timeout", job);
    if (job.ok()) {
      WaitOptions brief = wait;
      brief.timeout = milliseconds(300);
      Collect("wait timeout", job->Wait(brief));
    }
    control_->ClearFaults();
  }

  // Webhook verification failures (the key plays no part, but every error path is collected).
  {
    webhooks::JwksCache keys(emulator_->base_url() + "/.well-known/jwks.json");
    auto jwks = keys.Get();
    Collect("jwks", jwks);
    if (jwks.ok()) {
      const std::string body = R"({"request_id":"r","status":"OK","payload":{}})";
      auto now = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
      http::Headers headers = {{"X-Fal-Webhook-Request-Id", "r"},
                               {"X-Fal-Webhook-User-Id", "u"},
                               {"X-Fal-Webhook-Timestamp", now},
                               {"X-Fal-Webhook-Signature", std::string(128, 'a')}};
      Collect("webhook bad signature", webhooks::Verify(headers, body, *jwks));
      headers[2].second = "1";
      Collect("webhook stale", webhooks::Verify(headers, body, *jwks));
      Collect("webhook no headers", webhooks::Verify({}, body, *jwks));
      headers[3].second = "zz-not-hex";
      Collect("webhook malformed", webhooks::Verify(headers, body, *jwks));
      Collect("webhook payload", webhooks::ParsePayload("{not json"));
    }
    Collect("jwks unreachable", webhooks::JwksCache("http://127.0.0.1:1/.well-known/jwks.json").Get());
  }

  // fal-ltx, when this tree builds it, through its error paths with the canary in FAL_KEY.
#if defined(FAL_LTX_PATH)
  {
    using test_support::CliOptions;
    using test_support::RunCli;
    auto cli = [&](const std::string& what, const std::vector<std::string>& args, const std::string& key,
                   const std::string& base) {
      CliOptions o;
      o.env["FAL_KEY"] = key;
      o.env["FAL_BASE_URL"] = base;
      o.timeout_ms = 20000;
      auto r = RunCli(args, o);
      texts_.push_back("fal-ltx " + what + " (exit " + std::to_string(r.exit_code) + "): " + r.out + r.err);
    };
    const std::string base = emulator_->base_url();
    cli("ok", {"render-to-real", "--video", "https://example.com/v.mp4", "--poll-ms", "10"}, kCanary, base);
    cli("401", {"render-to-real", "--video", "https://example.com/v.mp4"}, kWrongCanary, base);
    cli("status 404", {"status", "00000000-0000-0000-0000-000000000004"}, kCanary, base);
    control_->SetFaults("submit:reset-after-enqueue");
    cli("ambiguous", {"render-to-real", "--video", "https://example.com/v.mp4"}, kCanary, base);
    control_->SetFaults("submit:503@1");
    cli("503", {"render-to-real", "--video", "https://example.com/v.mp4"}, kCanary, base);
    control_->SetFaults("upload:403@1");
    const fs::path file = fs::temp_directory_path() / ("falcpp-canary-" + std::to_string(getpid()) + ".mp4");
    std::ofstream(file) << "not really a video";
    cli("upload 403", {"upload", file.string()}, kCanary, base);
    control_->ClearFaults();
    cli("download 404", {"download", base + "/files/x/y.mp4", (file.string() + ".out")}, kCanary, base);
    cli("refused", {"status", "00000000-0000-0000-0000-000000000005"}, kCanary, "http://127.0.0.1:1");
    fs::remove(file);
  }
#endif

  // What was collected: enough to mean something, and the canary in none of it.
  const std::vector<std::string> lines = log_.Lines();
  EXPECT_GT(errors_, 30);
  EXPECT_GT(lines.size(), 100u);
  bool logged_a_body = false;
  for (const std::string& line : lines) logged_a_body |= line.find("response body") != std::string::npos;
  EXPECT_TRUE(logged_a_body) << "log_bodies was on: bodies should have been logged";
  for (const std::string& line : lines) ExpectNoCanary("a log line", line);
  for (const std::string& text : texts_) ExpectNoCanary("an error or output", text);

  std::ifstream journal(journal_);
  std::stringstream journal_text;
  journal_text << journal.rdbuf();
  EXPECT_NE(journal_text.str().find("\"Authorization\":\"sha256:"), std::string::npos)
      << "requests carried the key";
  ExpectNoCanary("the emulator's journal", journal_text.str());
  EXPECT_EQ(control_->Stats()["authorization_on_storage"], 0) << "the key reached a storage route";
  EXPECT_EQ(control_->Stats()["cdn_token_off_cdn"], 0) << "a CDN token went somewhere but the CDN";
  EXPECT_GT(control_->Stats()["requests"]["token"], 3) << "the CDN paths ran";
  std::cout << "[figures] canary: " << lines.size() << " log lines, " << errors_ << " errors, "
            << texts_.size() << " texts, " << journal_text.str().size() << " journal bytes searched"
            << std::endl;
}

}  // namespace
}  // namespace fal
