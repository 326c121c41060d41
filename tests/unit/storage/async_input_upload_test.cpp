// Typed submits upload their files on the engine: SubmitAsync returns before any upload is answered, the
// uploads of many jobs run several at once within ClientOptions::max_concurrent_uploads, an upload's error
// reaches that job's callback, and a cancel stops an upload in flight or one still waiting for its turn.
// Every request is answered by hand (ManualTransport), so nothing here depends on timing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <string>
#include <thread>

#include "fal/batch.hpp"
#include "storage_test_util.hpp"

namespace fal {

// A typed endpoint with one file field, for these tests only.
struct OneFileInput {
  File video;
};
struct OneFileOutput {
  std::string json;
};

template <>
struct EndpointTraits<OneFileInput> {
  using Output = OneFileOutput;
  static constexpr const char* kEndpointId = "fal-ai/test/one-file";
  static void Finalize(OneFileInput&) {}
  static ValidationReport Validate(const OneFileInput&) { return {}; }
  static std::vector<File*> Files(OneFileInput& in) { return {&in.video}; }
  static std::string ToJson(const OneFileInput& in) {
    return "{\"video_url\":\"" + in.video.WireValue() + "\"}";
  }
  static Result<OneFileOutput> ParseOutput(const std::string& json) { return OneFileOutput{json}; }
};

namespace {

using test::ManualClient;
using test::ManualTransport;
using ::testing::HasSubstr;
using Pending = std::shared_ptr<ManualTransport::Pending>;
using Job = Result<TypedJob<OneFileOutput>>;

bool IsInitiate(const Pending& p) {
  return p->request.url.find("/storage/upload/initiate") != std::string::npos;
}
bool IsPut(const Pending& p) { return p->request.url == test::kUploadUrl; }
bool IsSubmit(const Pending& p) { return p->request.url == "https://queue.fal.run/fal-ai/test/one-file"; }
bool IsUpload(const Pending& p) { return IsInitiate(p) || IsPut(p); }

std::size_t UploadsPending(ManualTransport& t) {
  auto pending = t.pending();
  return static_cast<std::size_t>(std::count_if(pending.begin(), pending.end(), IsUpload));
}

// The file name the initiate asked for (each job's file has its own).
std::string NameIn(const Pending& p) {
  auto at = p->request.body.find("\"file_name\":\"");
  if (at == std::string::npos) return "";
  at += 13;
  return p->request.body.substr(at, p->request.body.find('"', at) - at);
}

// Answers a request as fal would: storage initiate, the PUT, the submit, the status (COMPLETED), the result.
void AnswerAsFal(ManualTransport& t, const Pending& p) {
  const std::string& url = p->request.url;
  if (IsInitiate(p)) {
    return t.Respond(p, 200,
                     std::string(R"({"upload_url":")") + test::kUploadUrl +
                         R"(","file_url":"https://cdn.example/)" + NameIn(p) + "\"}");
  }
  if (IsPut(p)) return t.Respond(p, 200, "");
  if (IsSubmit(p))
    return t.Respond(p, 200, R"({"request_id":"req-)" + std::to_string(t.all().size()) + "\"}");
  if (url.find("/status") != std::string::npos) return t.Respond(p, 200, R"({"status":"COMPLETED"})");
  t.Respond(p, 200, R"({"video":{"url":"https://cdn.example/out.mp4"}})");
}

OneFileInput InputNamed(const std::string& name) {
  return OneFileInput{File::FromBytes("bytes of " + name, name)};
}

ClientOptions WithUploadSlots(int slots) {
  ClientOptions o = test::StorageInitiate();
  o.max_concurrent_uploads = slots;
  return o;
}

TEST(AsyncInputUpload, SubmitAsyncReturnsBeforeItsUploadIsAnswered) {
  ManualClient m(WithUploadSlots(8));
  std::promise<Job> done;
  // Nothing is answered until the test answers it: a SubmitAsync that waited for its upload would never
  // return here.
  m.client.SubmitAsync(InputNamed("shot.mp4"), {}, [&](Job job) { done.set_value(std::move(job)); });
  auto pending = m.transport->pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_TRUE(IsInitiate(pending[0]));

  AnswerAsFal(*m.transport, pending[0]);  // initiate -> the PUT
  ASSERT_EQ(m.transport->pending().size(), 1u);
  AnswerAsFal(*m.transport, m.transport->pending()[0]);  // PUT -> the submit
  ASSERT_EQ(m.transport->pending().size(), 1u);
  const Pending submit = m.transport->pending()[0];
  ASSERT_TRUE(IsSubmit(submit));
  EXPECT_EQ(submit->request.body, R"({"video_url":"https://cdn.example/shot.mp4"})");
  AnswerAsFal(*m.transport, submit);

  Job job = done.get_future().get();
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  EXPECT_EQ(job->request_id(), "req-3");
}

TEST(AsyncInputUpload, ManySubmitsUploadSeveralAtOnceWithinTheBound) {
  ManualClient m(WithUploadSlots(3));
  constexpr int kJobs = 7;
  std::vector<std::promise<Job>> done(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    m.client.SubmitAsync(InputNamed("shot" + std::to_string(i) + ".mp4"), {},
                         [&done, i](Job job) { done[i].set_value(std::move(job)); });
  }
  // Three uploads started at once; the other four wait for a slot without having sent anything.
  EXPECT_EQ(m.transport->pending().size(), 3u);
  EXPECT_EQ(UploadsPending(*m.transport), 3u);

  // Answer whatever is pending, oldest first: a finished upload hands its slot to the next job at once.
  std::size_t most = 0;
  for (auto pending = m.transport->pending(); !pending.empty(); pending = m.transport->pending()) {
    most = std::max(most, UploadsPending(*m.transport));
    AnswerAsFal(*m.transport, pending.front());
  }
  EXPECT_EQ(most, 3u);
  for (int i = 0; i < kJobs; ++i) {
    Job job = done[i].get_future().get();
    ASSERT_TRUE(job.ok()) << job.error().ToString();
  }
  auto all = m.transport->all();
  EXPECT_EQ(std::count_if(all.begin(), all.end(), IsInitiate), kJobs);
}

TEST(AsyncInputUpload, RunBatchUploadsSeveralJobsFilesAtOnce) {
  ManualClient m(WithUploadSlots(4));
  std::vector<OneFileInput> inputs;
  for (int i = 0; i < 10; ++i) inputs.push_back(InputNamed("shot" + std::to_string(i) + ".mp4"));
  BatchOptions options;
  options.max_in_flight = 10;
  options.wait.mode = WaitMode::kPolling;
  std::future<BatchResult<OneFileOutput>> batch =
      std::async(std::launch::async, [&] { return RunBatch(m.client, inputs, options); });

  // Before this change each submit waited for its own upload, so one upload at a time: here four.
  ASSERT_TRUE(m.transport->WaitForPending(4));
  std::size_t most = 0;
  for (;;) {
    auto pending = m.transport->pending();
    if (pending.empty()) {
      // Done, or RunBatch is between a finished job and its next submit.
      if (batch.wait_for(std::chrono::milliseconds(10)) == std::future_status::ready) break;
      continue;
    }
    most = std::max(most, UploadsPending(*m.transport));
    AnswerAsFal(*m.transport, pending.front());
  }
  BatchResult<OneFileOutput> result = batch.get();
  EXPECT_EQ(result.succeeded, 10u);
  EXPECT_EQ(most, 4u);
}

TEST(AsyncInputUpload, AnUploadErrorReachesThatJobsCallbackOnly) {
  ManualClient m(WithUploadSlots(8));
  std::promise<Job> good, bad;
  m.client.SubmitAsync(InputNamed("good.mp4"), {}, [&](Job job) { good.set_value(std::move(job)); });
  m.client.SubmitAsync(InputNamed("bad.mp4"), {}, [&](Job job) { bad.set_value(std::move(job)); });
  auto pending = m.transport->pending();
  ASSERT_EQ(pending.size(), 2u);
  ASSERT_EQ(NameIn(pending[1]), "bad.mp4");
  m.transport->Respond(pending[1], 400, R"({"detail":"content type not allowed"})");

  Job failed = bad.get_future().get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(failed.error().message(), HasSubstr("input file \"bad.mp4\" could not be uploaded"));
  EXPECT_THAT(failed.error().message(), HasSubstr("content type not allowed"));
  EXPECT_EQ(failed.error().http_status(), 400);

  for (auto p = m.transport->pending(); !p.empty(); p = m.transport->pending())
    AnswerAsFal(*m.transport, p.front());
  Job ok = good.get_future().get();
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  for (const auto& p : m.transport->all()) {
    if (IsSubmit(p)) {
      EXPECT_EQ(p->request.body, R"({"video_url":"https://cdn.example/good.mp4"})");
    }
  }
}

TEST(AsyncInputUpload, CancelStopsAnUploadInFlightAndOneWaitingForItsTurn) {
  ManualClient m(WithUploadSlots(1));
  CancellationSource first_cancel, second_cancel;
  SubmitOptions first_options, second_options;
  first_options.call.cancel = first_cancel.Token();
  second_options.call.cancel = second_cancel.Token();
  std::promise<Job> first, second, third;
  m.client.SubmitAsync(InputNamed("a.mp4"), first_options, [&](Job job) { first.set_value(std::move(job)); });
  m.client.SubmitAsync(InputNamed("b.mp4"), second_options,
                       [&](Job job) { second.set_value(std::move(job)); });
  m.client.SubmitAsync(InputNamed("c.mp4"), {}, [&](Job job) { third.set_value(std::move(job)); });
  ASSERT_EQ(m.transport->pending().size(), 1u);  // one slot: a.mp4 uploads, b and c wait

  // b is cancelled while it waits: its callback runs at once, and it never sends anything.
  second_cancel.Cancel();
  Job b = second.get_future().get();
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code(), ErrorCode::kCancelled);

  // a is cancelled mid-upload: its initiate ends, nothing is submitted, and its slot goes to c.
  first_cancel.Cancel();
  Job a = first.get_future().get();
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code(), ErrorCode::kCancelled);
  EXPECT_THAT(a.error().message(), HasSubstr("a.mp4"));
  auto pending = m.transport->pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(NameIn(pending[0]), "c.mp4");

  for (auto p = m.transport->pending(); !p.empty(); p = m.transport->pending())
    AnswerAsFal(*m.transport, p.front());
  Job c = third.get_future().get();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  for (const auto& p : m.transport->all()) {
    EXPECT_EQ(NameIn(p) == "b.mp4", false) << "b.mp4 was never to be sent";
    if (IsSubmit(p)) {
      EXPECT_EQ(p->request.body, R"({"video_url":"https://cdn.example/c.mp4"})");
    }
  }
}

TEST(AsyncInputUpload, ATypedSubmitFromACallbackUploadsWithoutBlocking) {
  ManualClient m(WithUploadSlots(8));
  std::promise<Job> second;
  Client client = m.client;
  m.client.SubmitAsync(InputNamed("first.mp4"), {}, [&, client](Job first) {
    ASSERT_TRUE(first.ok());
    // On the engine's thread (here the one answering): the second submit's upload must not wait here.
    client.SubmitAsync(InputNamed("second.mp4"), {}, [&](Job job) { second.set_value(std::move(job)); });
  });
  for (auto p = m.transport->pending(); !p.empty(); p = m.transport->pending())
    AnswerAsFal(*m.transport, p.front());
  Job job = second.get_future().get();
  ASSERT_TRUE(job.ok()) << job.error().ToString();
}

}  // namespace
}  // namespace fal
