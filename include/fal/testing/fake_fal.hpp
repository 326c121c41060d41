#pragma once
/// @file
/// fal::testing::FakeFal: fal's queue and storage in memory, scripted job by job, for your own tests at the
/// level of Client and JobHandle. Link falcpp::testing. docs/testing.md shows it in use.
///
/// @code
/// fal::testing::FakeFal fake;
/// fake.OnSubmit("fal-ai/ltx-2.3-quality/render-to-real")
///     .InQueue()
///     .CompletesWith(R"({"video":{"url":"https://cdn.example/out.mp4"}})");
/// fal::Client client(fake.Options());
/// auto out = client.Subscribe(input);  // queued, then completed with that output
/// EXPECT_EQ(out->video.url, "https://cdn.example/out.mp4");
/// @endcode

#include <memory>
#include <string>
#include <vector>

#include "fal/client_options.hpp"
#include "fal/testing/fake_transport.hpp"

namespace fal::testing {

/// What one submitted job does: the status answers it goes through, then how it ends. Without an ending
/// it completes with the output "{}".
class JobScript {
 public:
  /// One status answer IN_QUEUE, at `position` in the queue.
  JobScript& InQueue(int position = 0);
  /// One status answer IN_PROGRESS, with these log lines (a status asked with logs sees every line so far).
  JobScript& InProgress(std::vector<std::string> logs = {});
  /// Then COMPLETED; the result is `output_json` (the endpoint's output, as fal would send it).
  JobScript& CompletesWith(std::string output_json);
  /// Then COMPLETED with an error: the status carries `message` and `error_type`, and the result answers
  /// `http_status` with {"detail": detail}. `detail` is JSON (e.g. fal's list of {loc, msg, type} field
  /// errors) or, when it does not parse as JSON, a message. JobHandle::Wait then gives
  /// ErrorCode::kJobFailed carrying all of it.
  JobScript& FailsWith(int http_status, std::string detail, std::string error_type = "");

  struct Step {
    bool in_queue = true;
    int position = 0;
    std::vector<std::string> logs;
  };
  const std::vector<Step>& steps() const { return steps_; }      ///< The status answers before the end.
  bool fails() const { return fail_status_ != 0; }               ///< FailsWith was called.
  int fail_status() const { return fail_status_; }               ///< FailsWith's http_status.
  const std::string& output() const { return output_; }          ///< The output, or the failure's detail.
  const std::string& error_type() const { return error_type_; }  ///< FailsWith's error_type.

 private:
  std::vector<Step> steps_;
  std::string output_ = "{}";
  int fail_status_ = 0;
  std::string error_type_;
};

/// One submit that FakeFal accepted.
struct Submission {
  std::string endpoint_id;  ///< Where it went: "fal-ai/ltx-2.3-quality/render-to-real".
  std::string body;         ///< The exact JSON body (uploaded files appear as their fake URLs).
  std::string request_id;   ///< The id FakeFal gave it.
  bool cancelled = false;   ///< JobHandle::Cancel was called on it.
};

/// fal's queue (submit, status, status stream, result, cancel) and storage (upload initiate and the upload)
/// in memory. Each submit to an endpoint takes the next script given with OnSubmit or RejectSubmit for it,
/// in order; a submit with none left is refused with 400 and a message that says so. Uploaded files get
/// URLs under https://fake-fal.storage/files/.
///
/// @par Thread safety
/// All member functions may be called from any thread, also while a client uses it. Scripts returned by
/// OnSubmit must be filled in before the submit they are for is made.
class FakeFal {
 public:
  FakeFal();
  ~FakeFal();
  FakeFal(const FakeFal&) = delete;
  FakeFal& operator=(const FakeFal&) = delete;

  /// `base` with this fake as its transport, the environment ignored, a test key, and uploads on the
  /// storage-initiate protocol (the one FakeFal answers). Give it to fal::Client.
  ClientOptions Options(ClientOptions base = {}) const;

  /// The next submit to `endpoint_id` is accepted; the returned script says what the job then does.
  JobScript& OnSubmit(const std::string& endpoint_id);
  /// The next submit to `endpoint_id` is refused with `http_status` and {"detail": detail} (`detail` as in
  /// JobScript::FailsWith): Client::Submit then fails (422: kInvalidArgument with the field errors).
  void RejectSubmit(const std::string& endpoint_id, int http_status, std::string detail);

  std::vector<Submission> submissions() const;      ///< Every accepted submit, in order.
  std::vector<std::string> uploaded_files() const;  ///< The file names of every upload, in order.
  /// The transport underneath: every request the client sent (FakeTransport::requests).
  std::shared_ptr<FakeTransport> transport() const;

 private:
  class State;
  std::shared_ptr<State> state_;
  std::shared_ptr<FakeTransport> transport_;
};

}  // namespace fal::testing
