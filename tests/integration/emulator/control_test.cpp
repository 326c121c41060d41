// Control and lifecycle: stats, journal, reset, health, the command line, start and stop, the
// EmulatorProcess helper itself, and a thousand concurrent status streams.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "emulator_test_util.hpp"
#include "support/sanitizer_slack.hpp"

namespace fal::emulator_test {
namespace {

using EmulatorControlTest = EmulatorTest;

std::vector<json> ReadJournal(const std::string& path) {
  std::ifstream in(path);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(ParseJson(line));
  return lines;
}

int RunBinary(const std::string& args) {
  const int status =
      std::system((EmulatorProcess::DefaultBinary() + " " + args + " > /dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(EmulatorControlTest, StatsCountJobsRequestsAndFaults) {
  const json empty = Stats();
  for (const char* key :
       {"jobs_created", "jobs_completed", "jobs_failed", "jobs_cancelled", "faults_injected",
        "authorization_on_storage", "webhooks_delivered", "webhook_attempts", "webhooks_failed",
        "bytes_uploaded", "bytes_downloaded", "streams_open", "jobs_in_queue", "jobs_in_progress"}) {
    EXPECT_EQ(empty[key], 0) << key;
  }
  for (const char* route : {"submit", "status", "stream", "result", "cancel", "initiate", "upload", "part",
                            "complete", "file", "jwks", "unknown"}) {
    EXPECT_EQ(empty["requests"][route], 0) << route;
  }
  EXPECT_EQ(empty["seed"], 7);

  const auto [status, output] = Run(kRenderToReal, MinimalInput(kRenderToReal));
  json bad = MinimalInput(kRenderToReal);
  bad["num_frames"] = 1000;
  Run(kRenderToReal, bad);
  http().Get(output["video"]["url"].get<std::string>().substr(base().size()));
  const json stats = Stats();
  EXPECT_EQ(stats["jobs_created"], 2);
  EXPECT_EQ(stats["jobs_completed"], 1);
  EXPECT_EQ(stats["jobs_failed"], 1);
  EXPECT_EQ(stats["requests"]["submit"], 2);
  EXPECT_EQ(stats["requests"]["result"], 2);
  EXPECT_GE(stats["requests"]["status"], 2);
  EXPECT_EQ(stats["requests"]["file"], 1);
  EXPECT_EQ(stats["bytes_downloaded"], output["video"]["file_size"]);
  EXPECT_GE(stats["requests"]["control"], 1);
}

TEST_F(EmulatorControlTest, ResetClearsJobsFilesStatsAndRestoresTheFaultPlan) {
  Restart(FastArgs({"--faults", "result:503"}));
  const std::string id = Submit(kImageToVideo, MinimalInput(kImageToVideo))["request_id"];
  WaitCompleted(kQualityApp, id);
  EXPECT_EQ(http().Get("/fal-ai/ltx-2.3-quality/requests/" + id)->status, 503);  // the plan's one fault
  const json ticket = ParseJson(http().Post("/storage/upload/initiate", "{}", "application/json")->body);
  http().Put(ticket["upload_url"].get<std::string>().substr(base().size()), "abc", "text/plain");

  auto reset = http().Post("/_emulator/reset", "", "application/json");
  ASSERT_EQ(reset->status, 200);
  EXPECT_EQ(http().Get(StatusPath(kQualityApp, id))->status, 404);
  EXPECT_EQ(http().Get(ticket["file_url"].get<std::string>().substr(base().size()))->status, 404);
  const json stats = Stats();
  EXPECT_EQ(stats["jobs_created"], 0);
  EXPECT_EQ(stats["faults_injected"], 0);
  EXPECT_EQ(stats["requests"]["submit"], 0);
  // The command-line plan is back with its counts restored.
  EXPECT_EQ(ParseJson(http().Get("/_emulator/faults")->body)["rules"][0]["remaining"], 1);
}

TEST_F(EmulatorControlTest, ResetEndsOpenStreams) {
  Restart(FastArgs({"--queue-ms", "5000"}));
  const std::string id = Submit(kImageToVideo, MinimalInput(kImageToVideo))["request_id"];
  std::thread resetter([this] {
    ASSERT_TRUE(emulator().WaitForRequests("stream", 1));  // the stream below is open
    httplib::Client other(base());
    other.Post("/_emulator/reset", "", "application/json");
  });
  const auto start = std::chrono::steady_clock::now();
  http().Get(StatusPath(kQualityApp, id) + "/stream", [](const char*, std::size_t) { return true; });
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  resetter.join();
}

TEST_F(EmulatorControlTest, HealthAndUnknownControlRoutes) {
  EXPECT_EQ(ParseJson(http().Get("/_emulator/health")->body)["status"], "ok");
  EXPECT_EQ(http().Get("/_emulator/nope")->status, 404);
}

TEST_F(EmulatorControlTest, JournalHasOneLinePerRequestWithHashedAuthorization) {
  char path[] = "/tmp/fal-emulator-journal-XXXXXX";
  close(mkstemp(path));
  Restart(FastArgs({"--journal", path, "--api-key", "canary-secret-123", "--faults", "status:503"}));
  const httplib::Headers auth = {{"Authorization", "Key canary-secret-123"}};
  const std::string body = MinimalInput(kRenderToReal).dump();
  const std::string id =
      ParseJson(http()
                    .Post(std::string("/") + kRenderToReal + "?fal_webhook=http%3A%2F%2F127.0.0.1%3A1%2Fh",
                          auth, body, "application/json")
                    ->body)["request_id"];
  http().Get(StatusPath(kQualityApp, id) + "?logs=1", auth);  // the injected 503
  const json ticket =
      ParseJson(http().Post("/storage/upload/initiate", auth, "{}", "application/json")->body);
  http().Put(ticket["upload_url"].get<std::string>().substr(base().size()), "abcdef", "text/plain");
  for (int i = 0; i < 200 && Stats()["webhook_attempts"] == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  emulator().Stop();

  const auto lines = ReadJournal(path);
  std::string all;
  for (const auto& line : lines) all += line.dump();
  unlink(path);
  EXPECT_EQ(all.find("canary-secret-123"), std::string::npos) << "the key leaked into the journal";
  ASSERT_GE(lines.size(), 4u);
  const json& submit = lines[0];
  EXPECT_EQ(submit["direction"], "in");
  EXPECT_EQ(submit["method"], "POST");
  EXPECT_EQ(submit["path"], std::string("/") + kRenderToReal);
  EXPECT_EQ(submit["query"], "fal_webhook=http%3A%2F%2F127.0.0.1%3A1%2Fh");
  EXPECT_EQ(submit["route"], "submit");
  EXPECT_EQ(submit["status"], 200);
  EXPECT_EQ(submit["body_size"], body.size());
  EXPECT_EQ(submit["body_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(submit["request_id"], id);
  EXPECT_TRUE(submit["fault"].is_null());
  EXPECT_EQ(submit["headers"]["Authorization"].get<std::string>().rfind("sha256:", 0), 0u);
  const json& status = lines[1];
  EXPECT_EQ(status["route"], "status");
  EXPECT_EQ(status["status"], 503);
  EXPECT_EQ(status["fault"], "status:503");
  EXPECT_EQ(status["query"], "logs=1");
  const json& upload = lines[3];
  EXPECT_EQ(upload["route"], "upload");
  EXPECT_EQ(upload["body_size"], 6);
  EXPECT_EQ(upload["body_sha256"], "bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721");
  EXPECT_NE(upload["query"].get<std::string>().find("X-Emulator-Signature=REDACTED"), std::string::npos);
  // Webhook attempts are journaled as outgoing lines.
  bool outgoing = false;
  for (const auto& line : lines)
    outgoing = outgoing || (line["direction"] == "out" && line["route"] == "webhook");
  EXPECT_TRUE(outgoing);
}

TEST(EmulatorCommandLineTest, HelpVersionAndBadOptions) {
  EXPECT_EQ(RunBinary("--help"), 0);
  EXPECT_EQ(RunBinary("--version"), 0);
  EXPECT_EQ(RunBinary("--no-such-flag"), 2);
  EXPECT_EQ(RunBinary("--workers 0"), 2);
  EXPECT_EQ(RunBinary("--port"), 2);
  EXPECT_EQ(RunBinary("--rv2v-over-budget maybe"), 2);
  EXPECT_EQ(RunBinary("--faults 'submit:nope'"), 1);
  EXPECT_EQ(RunBinary("--data-dir /proc/forbidden/dir"), 1);
}

TEST(EmulatorCommandLineTest, FlagsAcceptTheEqualsForm) {
  EmulatorProcess emulator({"--workers=3", "--queue-ms=10", "--run-ms=10", "--seed=11"});
  httplib::Client http(emulator.base_url());
  EXPECT_EQ(ParseJson(http.Get("/_emulator/stats")->body)["seed"], 11);
}

TEST(EmulatorCommandLineTest, AFixedPortAndADataDirectory) {
  // Find a free port, then ask for it explicitly.
  EmulatorProcess first;
  const int port = first.port();
  first.Stop();
  char dir[] = "/tmp/fal-emulator-data-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  EmulatorProcess emulator({"--port", std::to_string(port), "--data-dir", dir});
  EXPECT_EQ(emulator.port(), port);
  EXPECT_EQ(emulator.base_url(), "http://127.0.0.1:" + std::to_string(port));
  httplib::Client http(emulator.base_url());
  const json ticket = ParseJson(http.Post("/storage/upload/initiate", "{}", "application/json")->body);
  http.Put(ticket["upload_url"].get<std::string>().substr(emulator.base_url().size()), std::string(1000, 'x'),
           "text/plain");
  std::uintmax_t stored = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) stored += entry.file_size();
  EXPECT_EQ(stored, 1000u);  // the upload went to the data directory
  emulator.Stop();
  // The directory was given, so it stays; the files the emulator made are gone with it.
  EXPECT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(EmulatorLifecycleTest, StartsWellUnderASecond) {
  const auto start = std::chrono::steady_clock::now();
  EmulatorProcess emulator;  // no flags: the demo defaults
  const auto started = std::chrono::steady_clock::now() - start;
  EXPECT_LT(started, std::chrono::milliseconds(test_support::Slack(800)));  // about 10 ms on an idle machine
  httplib::Client http(emulator.base_url());
  EXPECT_EQ(http.Get("/_emulator/health")->status, 200);
}

TEST(EmulatorLifecycleTest, DefaultsGiveADemoWithQueuePositionAndLogsInAboutTwoSeconds) {
  EmulatorProcess emulator;
  httplib::Client http(emulator.base_url());
  http.set_tcp_nodelay(true);
  const json submitted = ParseJson(
      http.Post(std::string("/") + kRenderToReal, MinimalInput(kRenderToReal).dump(), "application/json")
          ->body);
  const std::string path =
      "/fal-ai/ltx-2.3-quality/requests/" + submitted["request_id"].get<std::string>() + "/status?logs=1";
  const auto start = std::chrono::steady_clock::now();
  std::set<std::string> states;
  json last;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    last = ParseJson(http.Get(path)->body);
    states.insert(last["status"].get<std::string>());
    if (last["status"] == "COMPLETED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(states.size(), 3u);
  EXPECT_GE(last["logs"].size(), 4u);
  EXPECT_GT(took, std::chrono::milliseconds(1000));
  EXPECT_LT(took,
            std::chrono::milliseconds(test_support::Slack(4000)));  // 1.5 s plus slack for a loaded machine
}

TEST(EmulatorLifecycleTest, SigtermStopsCleanlyEvenWithAStreamAndAStallOpen) {
  EmulatorProcess emulator({"--queue-ms", "60000", "--faults", "result:stall=60000"});
  httplib::Client http(emulator.base_url());
  const std::string id = ParseJson(
      http.Post(std::string("/") + kImageToVideo, MinimalInput(kImageToVideo).dump(), "application/json")
          ->body)["request_id"];
  std::thread stream([&] {
    httplib::Client client(emulator.base_url());
    client.Get("/fal-ai/ltx-2.3-quality/requests/" + id + "/status/stream",
               [](const char*, std::size_t) { return true; });
  });
  std::thread stall([&] {
    httplib::Client client(emulator.base_url());
    client.Get("/fal-ai/ltx-2.3-quality/requests/" + id);
  });
  ASSERT_TRUE(emulator.WaitForRequests("stream", 1));
  ASSERT_TRUE(emulator.WaitForRequests("result", 1));
  const auto start = std::chrono::steady_clock::now();
  const int status = emulator.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  stream.join();
  stall.join();
  EXPECT_EQ(emulator.Stop(), -1);  // idempotent
  EXPECT_FALSE(emulator.running());
}

TEST(EmulatorLifecycleTest, SigintStopsCleanlyToo) {
  EmulatorProcess emulator;
  kill(emulator.pid(), SIGINT);
  int status = 0;
  for (int i = 0; i < 200 && waitpid(emulator.pid(), &status, WNOHANG) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(EmulatorProcessTest, ReportsAnAddressAndRejectsABadBinary) {
  EmulatorProcess emulator;
  EXPECT_EQ(emulator.host(), "127.0.0.1");
  EXPECT_GT(emulator.port(), 0);
  EXPECT_EQ(emulator.base_url(), "http://127.0.0.1:" + std::to_string(emulator.port()));
  EXPECT_GT(emulator.pid(), 0);
  EmulatorProcess::Options options;
  options.binary = "/bin/false";
  options.start_timeout = std::chrono::milliseconds(2000);
  try {
    EmulatorProcess broken(options);
    ADD_FAILURE() << "expected a throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("did not announce"), std::string::npos) << e.what();
  }
}

TEST(EmulatorProcessTest, SeveralEmulatorsRunSideBySide) {
  EmulatorProcess a;
  EmulatorProcess b;
  EXPECT_NE(a.port(), b.port());
  httplib::Client ha(a.base_url());
  httplib::Client hb(b.base_url());
  ha.Post(std::string("/") + kImageToVideo, MinimalInput(kImageToVideo).dump(), "application/json");
  EXPECT_EQ(ParseJson(ha.Get("/_emulator/stats")->body)["jobs_created"], 1);
  EXPECT_EQ(ParseJson(hb.Get("/_emulator/stats")->body)["jobs_created"], 0);
}

// A thousand open status streams at once, each on its own job, all receiving every change.
TEST(EmulatorScaleTest, AThousandConcurrentStatusStreams) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < 2200 && limit.rlim_max >= 2200) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < 2200) GTEST_SKIP() << "needs 2200 file descriptors, have " << limit.rlim_cur;
  constexpr int kStreams = 1000;
  EmulatorProcess emulator({"--workers", "1000", "--queue-ms", std::to_string(test_support::Slack(3000)),
                            "--run-ms", "500", "--log-every-ms", "250"});
  httplib::Client http(emulator.base_url());
  http.set_tcp_nodelay(true);
  std::vector<std::string> ids;
  for (int i = 0; i < kStreams; ++i) {
    ids.push_back(ParseJson(
        http.Post(std::string("/") + kImageToVideo, MinimalInput(kImageToVideo).dump(), "application/json")
            ->body)["request_id"]);
  }
  // Raw sockets, one poll loop: the test itself should not need a thousand threads.
  std::vector<pollfd> fds;
  std::vector<std::string> received(kStreams);
  for (int i = 0; i < kStreams; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(emulator.port()));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0) << "stream " << i;
    const std::string request =
        "GET /fal-ai/ltx-2.3-quality/requests/" + ids[i] +
        "/status/stream?logs=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    fds.push_back({fd, POLLIN, 0});
  }
  // While every job is still queued, all thousand streams are open at once.
  int open_streams = 0;
  for (int i = 0; i < 500 && open_streams < kStreams; ++i) {
    open_streams = ParseJson(http.Get("/_emulator/stats")->body)["streams_open"];
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(open_streams, kStreams);

  int finished = 0;
  std::vector<bool> done(kStreams, false);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(test_support::Slack(20000));
  char buffer[16384];
  while (finished < kStreams && std::chrono::steady_clock::now() < deadline) {
    if (poll(fds.data(), fds.size(), 200) <= 0) continue;
    for (int i = 0; i < kStreams; ++i) {
      if (done[i] || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = recv(fds[i].fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        received[i].append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      done[i] = true;
      fds[i].events = 0;
      ++finished;
    }
  }
  EXPECT_EQ(finished, kStreams);
  int complete = 0;
  for (int i = 0; i < kStreams; ++i) {
    close(fds[i].fd);
    const std::string& text = received[i];
    if (text.find("\"IN_QUEUE\"") != std::string::npos && text.find("\"IN_PROGRESS\"") != std::string::npos &&
        text.find("\"COMPLETED\"") != std::string::npos) {
      ++complete;
    }
  }
  EXPECT_EQ(complete, kStreams);
}

}  // namespace
}  // namespace fal::emulator_test
