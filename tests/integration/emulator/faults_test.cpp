// Fault plans: the grammar, counting and readback, and each fault kind as a client sees it on the wire.
#include <ctime>

#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

class EmulatorFaultsTest : public EmulatorTest {
 protected:
  // Replaces the running plan; expects it to parse.
  void Plan(const std::string& plan) {
    auto res = http().Post("/_emulator/faults", plan, "text/plain");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  std::string SubmitRaw() {
    const std::string body = MinimalInput(kRenderToReal).dump();
    return "POST /" + std::string(kRenderToReal) +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }
  std::string GetRaw(const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  }
  // A completed job and the path of its output file.
  std::string OutputFilePath() {
    const auto [status, output] = Run(kRenderToReal, MinimalInput(kRenderToReal));
    EXPECT_EQ(status, 200);
    return output["video"]["url"].get<std::string>().substr(base().size());
  }
  std::string JobStatusPath() {
    const std::string id = Submit(kRenderToReal, MinimalInput(kRenderToReal))["request_id"];
    return StatusPath(kQualityApp, id);
  }
};

TEST_F(EmulatorFaultsTest, BadPlansAreRefusedWithTheRuleAndTheReason) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"submit", "expected route:action"},
      {"nowhere:503", "unknown route 'nowhere'"},
      {"submit:boom", "unknown action"},
      {"submit:999", "100..599"},
      {"status:fail", "does not apply to route 'status'"},
      {"stream:reset-mid-body", "does not apply"},
      {"submit:sse-drop=1", "does not apply"},
      {"status:duplicate", "does not apply"},
      {"submit:stall", "needs =N"},
      {"submit:garbage=5", "takes no =value"},
      {"submit:503x0", "count >= 1"},
      {"submit:503@2", "probability in [0, 1]"},
      {"submit:503(color=red)", "unknown parameter 'color=red'"},
      {"submit:503 trailing", "unexpected text"},
      {"status:503;submit:nope", "rule 2"},
  };
  for (const auto& [plan, reason] : bad) {
    auto res = http().Post("/_emulator/faults", plan, "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << plan;
    const std::string detail = ParseJson(res->body)["detail"];
    EXPECT_NE(detail.find(reason), std::string::npos) << plan << " -> " << detail;
  }
  EXPECT_THROW(EmulatorProcess({"--faults", "submit:boom"}), std::runtime_error);
}

TEST_F(EmulatorFaultsTest, RulesFireInOrderAndAreCountedAndReadBack) {
  Plan("submit:503x2; submit:429(retry-after=2)");
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    statuses.push_back(
        http()
            .Post(std::string("/") + kRenderToReal, MinimalInput(kRenderToReal).dump(), "application/json")
            ->status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{503, 503, 429, 200}));
  const json readback = ParseJson(http().Get("/_emulator/faults")->body);
  EXPECT_EQ(readback["plan"], "submit:503x2; submit:429(retry-after=2)");
  EXPECT_EQ(readback["rules"][0]["rule"], "submit:503x2");
  EXPECT_EQ(readback["rules"][0]["fired"], 2);
  EXPECT_EQ(readback["rules"][0]["remaining"], 0);
  EXPECT_EQ(readback["rules"][1]["fired"], 1);
  EXPECT_EQ(readback["rules"][1]["remaining"], 0);
  const json stats = Stats();
  EXPECT_EQ(stats["faults_injected"], 3);
  EXPECT_EQ(stats["faults_by_route"]["submit"], 3);
  EXPECT_EQ(stats["jobs_created"], 1);  // injected statuses come before any job exists
  // DELETE clears the plan.
  EXPECT_EQ(http().Delete("/_emulator/faults")->status, 200);
  EXPECT_TRUE(ParseJson(http().Get("/_emulator/faults")->body)["rules"].empty());
}

TEST_F(EmulatorFaultsTest, TheJsonFormOfThePlanIsAcceptedToo) {
  auto res = http().Post("/_emulator/faults", R"({"plan":"status:500"})", "application/json");
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(http().Get(JobStatusPath())->status, 500);
}

TEST_F(EmulatorFaultsTest, InjectedStatusesLookLikeFalErrors) {
  Plan("status:503; status:429(retry-after=7); status:502(error_type=runner_incomplete_response)");
  const std::string path = JobStatusPath();
  auto unavailable = http().Get(path);
  EXPECT_EQ(unavailable->status, 503);
  EXPECT_EQ(ParseJson(unavailable->body)["error_type"], "runner_scheduling_failure");
  EXPECT_EQ(unavailable->get_header_value("X-Fal-Error-Type"), "runner_scheduling_failure");
  EXPECT_FALSE(unavailable->get_header_value("x-fal-request-id").empty());
  auto limited = http().Get(path);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "7");
  EXPECT_FALSE(ParseJson(limited->body).contains("error_type"));
  auto gateway = http().Get(path);
  EXPECT_EQ(gateway->status, 502);
  EXPECT_EQ(ParseJson(gateway->body)["error_type"], "runner_incomplete_response");
  EXPECT_EQ(http().Get(path)->status, 202);
}

TEST_F(EmulatorFaultsTest, RetryAfterAsAnHttpDateOrVerbatim) {
  Plan("submit:429(retry-after=date+30); submit:429(ra=soon)");
  const std::string input = MinimalInput(kRenderToReal).dump();
  auto dated = http().Post(std::string("/") + kRenderToReal, input, "application/json");
  const std::string date = dated->get_header_value("Retry-After");
  std::tm tm{};
  ASSERT_NE(strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm), nullptr) << date;
  const long long ahead = static_cast<long long>(timegm(&tm)) - static_cast<long long>(time(nullptr));
  EXPECT_GE(ahead, 28);
  EXPECT_LE(ahead, 31);
  auto verbatim = http().Post(std::string("/") + kRenderToReal, input, "application/json");
  EXPECT_EQ(verbatim->get_header_value("Retry-After"), "soon");
}

TEST_F(EmulatorFaultsTest, IngressErrorsAreHtmlWithoutARequestId) {
  Plan("submit:502(ingress)");
  auto res =
      http().Post(std::string("/") + kRenderToReal, MinimalInput(kRenderToReal).dump(), "application/json");
  EXPECT_EQ(res->status, 502);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html");
  EXPECT_NE(res->body.find("nginx"), std::string::npos);
  EXPECT_FALSE(res->has_header("x-fal-request-id"));
}

TEST_F(EmulatorFaultsTest, ProbabilitiesAreSeeded) {
  auto pattern = [](const std::string& seed) {
    EmulatorProcess emulator(FastArgs({"--seed", seed, "--faults", "status:503@0.5"}));
    httplib::Client http(emulator.base_url());
    const std::string id = ParseJson(
        http.Post(std::string("/") + kImageToVideo, MinimalInput(kImageToVideo).dump(), "application/json")
            ->body)["request_id"];
    std::string out;
    for (int i = 0; i < 24; ++i)
      out += http.Get("/fal-ai/ltx-2.3-quality/requests/" + id + "/status")->status == 503 ? 'x' : '.';
    return out;
  };
  const std::string first = pattern("99");
  EXPECT_EQ(first, pattern("99"));
  EXPECT_NE(first.find('x'), std::string::npos);
  EXPECT_NE(first.find('.'), std::string::npos);
}

TEST_F(EmulatorFaultsTest, AtOneFiresAlwaysAndAtZeroNever) {
  Plan("status:503@1; result:503@0");
  const std::string path = JobStatusPath();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(http().Get(path)->status, 503);
  Plan("status:503@0");
  EXPECT_EQ(http().Get(path)->status / 100, 2);
}

TEST_F(EmulatorFaultsTest, TheWildcardCoversEveryFaultableRouteButNotControlOrJwks) {
  const std::string file = OutputFilePath();
  const std::string status = JobStatusPath();
  Plan("*:503@1");
  EXPECT_EQ(http().Get(status)->status, 503);
  EXPECT_EQ(http().Get(file)->status, 503);
  EXPECT_EQ(http().Post("/storage/upload/initiate", "{}", "application/json")->status, 503);
  EXPECT_EQ(http().Get("/_emulator/stats")->status, 200);
  EXPECT_EQ(http().Get("/.well-known/jwks.json")->status, 200);
}

TEST_F(EmulatorFaultsTest, ResetBeforeTheJobExists) {
  Plan("submit:reset");
  const RawExchange raw = RawRequest(emulator().port(), SubmitRaw(), std::chrono::seconds(5));
  EXPECT_TRUE(raw.reset);
  EXPECT_TRUE(raw.received.empty());
  EXPECT_EQ(Stats()["jobs_created"], 0);
  // httplib's client sees a transport error, not an answer.
  Plan("status:reset");
  auto res = http().Get(JobStatusPath());
  EXPECT_FALSE(res);
}

TEST_F(EmulatorFaultsTest, ResetAfterEnqueueLeavesARunningJobTheClientCannotKnow) {
  Plan("submit:reset-after-enqueue");
  const RawExchange raw = RawRequest(emulator().port(), SubmitRaw(), std::chrono::seconds(5));
  EXPECT_TRUE(raw.reset);
  EXPECT_TRUE(raw.received.empty());
  EXPECT_EQ(Stats()["jobs_created"], 1);
  EXPECT_EQ(WaitForStat("jobs_completed", 1)["jobs_completed"], 1);
}

TEST_F(EmulatorFaultsTest, ResetMidBodyCutsTheAnswerWithARst) {
  const std::string file = OutputFilePath();
  Plan("file:reset-mid-body=1000");
  const RawExchange raw = RawRequest(emulator().port(), GetRaw(file), std::chrono::seconds(5));
  EXPECT_TRUE(raw.reset);
  EXPECT_NE(raw.received.find("Content-Length: "), std::string::npos);
  EXPECT_EQ(AfterHeaders(raw.received).size(), 1000u);
}

TEST_F(EmulatorFaultsTest, CloseMidBodyEndsCleanlyButShort) {
  const std::string file = OutputFilePath();
  Plan("file:close-mid-body=100; result:close-mid-body");
  const RawExchange raw = RawRequest(emulator().port(), GetRaw(file), std::chrono::seconds(5));
  EXPECT_TRUE(raw.eof);
  EXPECT_FALSE(raw.reset);
  EXPECT_EQ(AfterHeaders(raw.received).size(), 100u);
  // On a JSON answer the default cut is half the body.
  const std::string id = Submit(kImageToVideo, MinimalInput(kImageToVideo))["request_id"];
  WaitCompleted(kQualityApp, id);
  const RawExchange result = RawRequest(emulator().port(), GetRaw("/fal-ai/ltx-2.3-quality/requests/" + id),
                                        std::chrono::seconds(5));
  const auto length_at = result.received.find("Content-Length: ");
  ASSERT_NE(length_at, std::string::npos);
  const std::size_t length = std::stoul(result.received.substr(length_at + 16));
  EXPECT_EQ(AfterHeaders(result.received).size(), length / 2);
}

TEST_F(EmulatorFaultsTest, StallMidBodyPausesThenFinishes) {
  const std::string file = OutputFilePath();
  const std::size_t size = http().Get(file)->body.size();
  Plan("file:stall-mid-body=300(after=1000)");
  const RawExchange raw = RawRequest(emulator().port(), GetRaw(file), std::chrono::seconds(5));
  EXPECT_GE(raw.elapsed, std::chrono::milliseconds(290));
  EXPECT_EQ(AfterHeaders(raw.received).size(), size);
}

TEST_F(EmulatorFaultsTest, StallHoldsTheAnswer) {
  const std::string path = JobStatusPath();
  Plan("status:stall=250");
  const auto start = std::chrono::steady_clock::now();
  auto res = http().Get(path);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(240));
  EXPECT_EQ(res->status / 100, 2);
  // On submit the job exists before the answer is held: a client that gives up has made a job anyway.
  Plan("submit:stall=300");
  httplib::Client impatient(base());
  impatient.set_read_timeout(std::chrono::milliseconds(100));
  EXPECT_FALSE(impatient.Post(std::string("/") + kRenderToReal, MinimalInput(kRenderToReal).dump(),
                              "application/json"));
  EXPECT_EQ(Stats()["jobs_created"], 2);
}

TEST_F(EmulatorFaultsTest, GarbageReplacesTheBody) {
  const std::string path = JobStatusPath();
  const std::string file = OutputFilePath();
  const std::string original = http().Get(file)->body;
  Plan("status:garbage; file:garbage");
  auto status = http().Get(path);
  EXPECT_EQ(status->status / 100, 2);
  EXPECT_TRUE(json::parse(status->body, nullptr, false).is_discarded());
  auto garbled = http().Get(file);
  EXPECT_EQ(garbled->body.size(), original.size());
  EXPECT_NE(garbled->body, original);
}

TEST_F(EmulatorFaultsTest, SlowSendsAtTheGivenRate) {
  const std::string file = OutputFilePath();
  const std::string original = http().Get(file)->body;  // about 20 KB
  Plan("file:slow=100000");
  const auto start = std::chrono::steady_clock::now();
  auto res = http().Get(file);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(res->body, original);
  EXPECT_GE(elapsed, std::chrono::milliseconds(original.size() * 1000 / 100000 - 40));
}

TEST_F(EmulatorFaultsTest, SseDropClosesBeforeCompleted) {
  Restart(FastArgs({"--queue-ms", "200"}));
  Plan("stream:sse-drop=1");
  const RawExchange raw =
      RawRequest(emulator().port(), GetRaw(JobStatusPath() + "/stream"), std::chrono::seconds(5));
  EXPECT_TRUE(raw.eof);
  const std::string body = AfterHeaders(raw.received);
  EXPECT_NE(body.find("\"IN_QUEUE\""), std::string::npos);
  EXPECT_EQ(body.find("COMPLETED"), std::string::npos);
  EXPECT_EQ(body.find("\r\n0\r\n\r\n"), std::string::npos);  // no terminating chunk: not a clean end
}

TEST_F(EmulatorFaultsTest, SseDuplicateSendsEveryEventTwice) {
  Plan("stream:sse-duplicate");
  const RawExchange raw =
      RawRequest(emulator().port(), GetRaw(JobStatusPath() + "/stream?logs=1"), std::chrono::seconds(5));
  std::vector<std::string> events;
  const std::string body = AfterHeaders(raw.received);
  for (std::size_t at = body.find("data: "); at != std::string::npos; at = body.find("data: ", at + 1)) {
    events.push_back(body.substr(at, body.find("\n\n", at) - at));
  }
  ASSERT_GE(events.size(), 4u);
  ASSERT_EQ(events.size() % 2, 0u);
  for (std::size_t i = 0; i < events.size(); i += 2) EXPECT_EQ(events[i], events[i + 1]);
  EXPECT_NE(events.back().find("COMPLETED"), std::string::npos);
}

TEST_F(EmulatorFaultsTest, SseSilenceSendsNothingForAWhile) {
  Restart(FastArgs({"--sse-keepalive-ms", "50"}));
  Plan("stream:sse-silence=400");
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration first_data{};
  std::string received;
  http().Get(JobStatusPath() + "/stream", [&](const char* data, std::size_t size) {
    if (received.empty()) first_data = std::chrono::steady_clock::now() - start;
    received.append(data, size);
    return true;
  });
  EXPECT_GE(first_data, std::chrono::milliseconds(390));
  EXPECT_NE(received.find("COMPLETED"), std::string::npos);
}

TEST_F(EmulatorFaultsTest, StreamGarbageSendsANonJsonEventFirst) {
  Plan("stream:garbage");
  const RawExchange raw =
      RawRequest(emulator().port(), GetRaw(JobStatusPath() + "/stream"), std::chrono::seconds(5));
  const std::string body = AfterHeaders(raw.received);
  const auto first = body.find("data: ");
  ASSERT_NE(first, std::string::npos);
  const std::string line = body.substr(first + 6, body.find("\n\n", first) - first - 6);
  EXPECT_TRUE(json::parse(line, nullptr, false).is_discarded());
  EXPECT_NE(body.find("COMPLETED"), std::string::npos);
}

TEST_F(EmulatorFaultsTest, FailEndsTheJobCompletedWithAnError) {
  Plan(
      "submit:fail; submit:fail(error_type=request_timeout); "
      "submit:fail(error_type=internal_error,status=500)");
  struct Expected {
    std::string type;
    int status;
  };
  for (const Expected& expected : {Expected{"runner_disconnected", 503}, Expected{"request_timeout", 504},
                                   Expected{"internal_error", 500}}) {
    const std::string id = Submit(kRenderToReal, MinimalInput(kRenderToReal))["request_id"];
    const json status = WaitCompleted(kQualityApp, id);
    EXPECT_EQ(status["status"], "COMPLETED");
    EXPECT_EQ(status["error_type"], expected.type);
    EXPECT_FALSE(status["error"].get<std::string>().empty());
    auto result = http().Get("/fal-ai/ltx-2.3-quality/requests/" + id);
    EXPECT_EQ(result->status, expected.status);
    EXPECT_EQ(ParseJson(result->body)["error_type"], expected.type);
    EXPECT_EQ(result->get_header_value("X-Fal-Error-Type"), expected.type);
  }
  EXPECT_EQ(Stats()["jobs_failed"], 3);
}

TEST_F(EmulatorFaultsTest, StorageRoutesFailOnceThenWork) {
  Plan("initiate:503; upload:503; part:500; complete:503; cancel:503");
  const std::string initiate_body = R"({"content_type":"text/plain","file_name":"a.txt"})";
  EXPECT_EQ(http().Post("/storage/upload/initiate", initiate_body, "application/json")->status, 503);
  const json single =
      ParseJson(http().Post("/storage/upload/initiate", initiate_body, "application/json")->body);
  const std::string upload = single["upload_url"].get<std::string>().substr(base().size());
  EXPECT_EQ(http().Put(upload, "first try", "text/plain")->status, 503);
  EXPECT_EQ(http().Put(upload, "second try", "text/plain")->status, 200);
  EXPECT_EQ(http().Get(single["file_url"].get<std::string>().substr(base().size()))->body, "second try");

  const json multi =
      ParseJson(http().Post("/storage/upload/initiate-multipart", initiate_body, "application/json")->body);
  const std::string path = multi["upload_url"].get<std::string>().substr(base().size());
  const std::string part_path = path.substr(0, path.find('?')) + "/1" + path.substr(path.find('?'));
  const std::string complete_path =
      path.substr(0, path.find('?')) + "/complete" + path.substr(path.find('?'));
  EXPECT_EQ(http().Put(part_path, "part", "text/plain")->status, 500);
  auto part = http().Put(part_path, "part", "text/plain");
  ASSERT_EQ(part->status, 200);
  const std::string complete =
      json{{"parts", {{{"partNumber", 1}, {"etag", ParseJson(part->body)["etag"]}}}}}.dump();
  EXPECT_EQ(http().Post(complete_path, complete, "application/json")->status, 503);
  EXPECT_EQ(http().Post(complete_path, complete, "application/json")->status, 200);

  Restart(FastArgs({"--queue-ms", "1000", "--faults", "cancel:503"}));
  const std::string id = Submit(kImageToVideo, MinimalInput(kImageToVideo))["request_id"];
  const std::string cancel = "/fal-ai/ltx-2.3-quality/requests/" + id + "/cancel";
  EXPECT_EQ(http().Put(cancel, "", "application/json")->status, 503);
  EXPECT_EQ(ParseJson(http().Get(StatusPath(kQualityApp, id))->body)["status"], "IN_QUEUE");  // not cancelled
  EXPECT_EQ(http().Put(cancel, "", "application/json")->status, 202);
}

TEST_F(EmulatorFaultsTest, ThePlanCanComeFromTheCommandLine) {
  Restart(FastArgs({"--faults", "result:503x2"}));
  const std::string id = Submit(kImageToVideo, MinimalInput(kImageToVideo))["request_id"];
  WaitCompleted(kQualityApp, id);
  const std::string path = "/fal-ai/ltx-2.3-quality/requests/" + id;
  EXPECT_EQ(http().Get(path)->status, 503);
  EXPECT_EQ(http().Get(path)->status, 503);
  EXPECT_EQ(http().Get(path)->status, 200);
}

}  // namespace
}  // namespace fal::emulator_test
