#pragma once
/// @file
/// fal::Client: the entry point. Submit, subscribe and rebuild jobs, generic (JSON text) or typed.

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/client_options.hpp"
#include "fal/endpoint.hpp"
#include "fal/export.hpp"
#include "fal/job.hpp"
#include "fal/ltx/cost.hpp"
#include "fal/prepare.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"
#include "fal/storage.hpp"
#include "fal/typed_job.hpp"

namespace fal {

namespace internal {
class ClientOwner;
struct JobRef;
}  // namespace internal

/// Options of Subscribe: submit, then wait, then fetch the result.
struct FALCPP_EXPORT SubscribeOptions {
  SubmitOptions submit;  ///< Options of the submit.
  WaitOptions wait;      ///< Options of the wait.
  /// Called once the job is queued, with its request id (store it to resume after a crash).
  std::function<void(const std::string& request_id)> on_enqueue;
};

/// What a typed request would send, without sending it: the endpoint, the exact JSON body (final
/// prompt included, fitted to its clip; files still to upload appear as "<upload: NAME>"), every finding
/// and the estimated cost.
struct FALCPP_EXPORT PreparedRequest {
  std::string endpoint_id;  ///< The endpoint it would be submitted to.
  std::string body;         ///< The exact JSON body.
  ValidationReport report;  ///< Every finding: the clip's, the fit's, validation's and the cost limit's.
  /// The estimated cost of `body` (fal/ltx/cost.hpp): dollars, megapixels and assumptions, or unknown and
  /// why (say, a remote render-to-real video, whose aspect cannot be known).
  ltx::CostEstimate cost;
  std::optional<ClipInfo> clip;  ///< The local clip as ClientOptions::clip_probe read it, if any.
};

/// The fal client.
///
/// @code
/// fal::Client client;  // FAL_KEY from the environment; FAL_BASE_URL for a local fal-emulator
/// fal::ltx::RenderToRealInput input;
/// input.video_url = fal::File::FromPath("blockout.mp4");
/// input.resolution = fal::ltx::RenderResolution::k480p;
/// fal::Result<fal::ltx::RenderToRealOutput> out = client.Subscribe(input);
/// if (!out) { std::cerr << out.error().ToString() << "\n"; return 1; }
/// std::cout << out->video.url << "\n";
/// @endcode
///
/// @par Thread safety
/// Cheap to copy; copies share one engine (connections, event-loop threads). All member functions are
/// const and safe to call from many threads at once. Destroying the last copy (and the last JobHandle made
/// from it) cancels outstanding work, runs the pending callbacks with ErrorCode::kCancelled, and joins the
/// engine's threads.
class FALCPP_EXPORT Client {
 public:
  /// Never throws and does no I/O. A configuration problem (say, plain http to a remote host) surfaces as
  /// an error on the first call.
  explicit Client(ClientOptions options = {});

  /// The options in force: explicit ones, then the environment, then the defaults. The key is not shown.
  const ClientOptions& options() const;

  /// Uploads to and downloads from fal's storage, on this client's engine (see fal::Storage).
  fal::Storage Storage() const;

  // ---- Generic: any endpoint, JSON text in and out (see fal/json.hpp for nlohmann::json forms). ----

  /// Queues `json_body` on `endpoint_id`. Returns as soon as fal has accepted the job.
  /// Errors: kInvalidArgument (bad id, 4xx), kUnauthenticated, kAmbiguousSubmit (the job may exist; see
  /// SubmitOptions::retry_ambiguous), kRateLimited, kUnavailable, kDeadlineExceeded, kCancelled.
  Result<JobHandle> Submit(std::string_view endpoint_id, std::string json_body,
                           SubmitOptions options = {}) const;
  /// The callback form of Submit: `done` runs once, on an engine thread.
  void SubmitAsync(std::string_view endpoint_id, std::string json_body, SubmitOptions options,
                   std::function<void(Result<JobHandle>)> done) const;

  /// Rebuilds the handle of a job submitted earlier (possibly by another process).
  Result<JobHandle> Job(std::string_view endpoint_id, std::string request_id) const;

  /// Submit, on_enqueue, Wait, Result. Errors: those of Submit and JobHandle::Wait.
  Result<RawOutput> Subscribe(std::string_view endpoint_id, std::string json_body,
                              SubscribeOptions options = {}) const;
  /// The callback form of Subscribe: `done` runs once, on an engine thread.
  void SubscribeAsync(std::string_view endpoint_id, std::string json_body, SubscribeOptions options,
                      std::function<void(Result<RawOutput>)> done) const;

  // ---- Typed: an input struct with an EndpointTraits specialisation (fal/ltx/*.hpp). ----

  /// Finalizes (e.g. guarantees the 3DREAL trigger), reads and fits the local clip (ClientOptions::
  /// clip_probe), validates and checks the cost limit per the mode in force (fal/prepare.hpp), uploads
  /// local files, then submits. In Strict mode a finding of severity error fails with kInvalidArgument
  /// before anything is uploaded or sent; its field errors list every finding.
  template <class Input>
  Result<TypedJob<typename EndpointTraits<Input>::Output>> Submit(const Input& input,
                                                                  SubmitOptions options = {}) const;

  /// The callback form of Submit(input); never waits for the network. The preparation (fal/prepare.hpp:
  /// finalize, read and fit a local clip, validate, the cost limit) runs on the calling thread (a
  /// Strict-mode finding calls `done` there at once); local files then upload on the
  /// engine, at most ClientOptions::max_concurrent_uploads at once across the client, and the submit
  /// follows. `done` runs once, on an engine thread (or on this thread for an immediate error). Safe to
  /// call from a falcpp callback.
  template <class Input>
  void SubmitAsync(const Input& input, SubmitOptions options,
                   std::function<void(Result<TypedJob<typename EndpointTraits<Input>::Output>>)> done) const;

  /// Submit, wait and parse the typed output.
  template <class Input>
  Result<typename EndpointTraits<Input>::Output> Subscribe(const Input& input,
                                                           SubscribeOptions options = {}) const;

  /// Rebuilds a typed job from its request id.
  template <class Input>
  Result<TypedJob<typename EndpointTraits<Input>::Output>> Job(std::string request_id) const;

  /// What Submit(input, options) would send, every finding and the estimated cost, without uploading or
  /// sending anything (fal/prepare.hpp lists the steps; a local clip is read with
  /// ClientOptions::clip_probe).
  template <class Input>
  PreparedRequest DryRun(const Input& input, const SubmitOptions& options = {}) const;

  /// The exact JSON body Submit(input, options) would send: finalized, validated (options.validation) and
  /// with local files uploaded (blocking). For callers that must record the body before the submit goes out
  /// (fal::JobJournal); then submit it with the generic Submit(endpoint id, body). Warnings reach
  /// options.on_warning (and the log sink) as they do for Submit.
  template <class Input>
  Result<std::string> PrepareBody(const Input& input, const SubmitOptions& options = {}) const;

 private:
  // Finalize, validate and upload local files: the JSON body of a typed submit.
  // `warnings` gets the findings that did not stop it.
  template <class Input>
  Result<std::string> PrepareBody(const Input& input, const SubmitOptions& options,
                                  std::vector<FieldError>& warnings) const;
  // The non-template steps of a typed submit.
  PrepareSettings SettingsFor(const SubmitOptions& options) const;
  Result<void> ApplyValidation(const ValidationReport& report, const SubmitOptions& options,
                               std::vector<FieldError>& warnings) const;
  Result<void> UploadInputFiles(const std::vector<File*>& files, const CallOptions& call) const;
  // Uploads `files` on the engine, then submits what `body` makes of the request they belong to (it
  // keeps that request, and so the files, alive).
  void SubmitAfterUploads(std::vector<File*> files, std::function<std::string()> body,
                          std::string_view endpoint_id, SubmitOptions options,
                          std::function<void(Result<JobHandle>)> done) const;

  // The continuation of a submit that hands `done` a JobHandle (which only a Client may make).
  static std::function<void(Result<internal::JobRef>)> HandOut(std::weak_ptr<internal::ClientOwner> weak,
                                                               std::function<void(Result<JobHandle>)> done);

  std::shared_ptr<internal::ClientOwner> owner_;
};

// ---- Template definitions ----

template <class Input>
Result<std::string> Client::PrepareBody(const Input& input, const SubmitOptions& options,
                                        std::vector<FieldError>& warnings) const {
  using Traits = EndpointTraits<Input>;
  PreparedInput<Input> prepared = PrepareInput(input, SettingsFor(options));
  if (Result<void> ok = ApplyValidation(prepared.report, options, warnings); !ok) return ok.error();
  if (Result<void> ok = UploadInputFiles(Traits::Files(prepared.input), options.call); !ok) return ok.error();
  return Traits::ToJson(prepared.input);
}

template <class Input>
Result<std::string> Client::PrepareBody(const Input& input, const SubmitOptions& options) const {
  std::vector<FieldError> warnings;
  return PrepareBody(input, options, warnings);
}

template <class Input>
void Client::SubmitAsync(
    const Input& input, SubmitOptions options,
    std::function<void(Result<TypedJob<typename EndpointTraits<Input>::Output>>)> done) const {
  using Traits = EndpointTraits<Input>;
  // On the heap: the files upload into it after this call has returned.
  auto prepared = std::make_shared<PreparedInput<Input>>(PrepareInput(input, SettingsFor(options)));
  std::vector<FieldError> warnings;
  if (Result<void> ok = ApplyValidation(prepared->report, options, warnings); !ok) return done(ok.error());
  std::vector<File*> files = Traits::Files(prepared->input);
  SubmitAfterUploads(
      std::move(files), [prepared] { return Traits::ToJson(prepared->input); }, Traits::kEndpointId,
      std::move(options),
      [done = std::move(done), warnings = std::move(warnings)](Result<JobHandle> job) mutable {
        if (!job) return done(job.error());
        done(TypedJob<typename Traits::Output>(std::move(*job), &Traits::ParseOutput, std::move(warnings)));
      });
}

template <class Input>
Result<TypedJob<typename EndpointTraits<Input>::Output>> Client::Submit(const Input& input,
                                                                        SubmitOptions options) const {
  using Traits = EndpointTraits<Input>;
  std::vector<FieldError> warnings;
  Result<std::string> body = PrepareBody(input, options, warnings);
  if (!body) return body.error();
  Result<JobHandle> job = Submit(Traits::kEndpointId, std::move(*body), std::move(options));
  if (!job) return job.error();
  return TypedJob<typename Traits::Output>(std::move(*job), &Traits::ParseOutput, std::move(warnings));
}

template <class Input>
Result<typename EndpointTraits<Input>::Output> Client::Subscribe(const Input& input,
                                                                 SubscribeOptions options) const {
  auto job = Submit(input, std::move(options.submit));
  if (!job) return job.error();
  if (options.on_enqueue) options.on_enqueue(job->request_id());
  return job->Wait(std::move(options.wait));
}

template <class Input>
Result<TypedJob<typename EndpointTraits<Input>::Output>> Client::Job(std::string request_id) const {
  using Traits = EndpointTraits<Input>;
  Result<JobHandle> job = Job(Traits::kEndpointId, std::move(request_id));
  if (!job) return job.error();
  return TypedJob<typename Traits::Output>(std::move(*job), &Traits::ParseOutput);
}

template <class Input>
PreparedRequest Client::DryRun(const Input& input, const SubmitOptions& options) const {
  using Traits = EndpointTraits<Input>;
  PreparedInput<Input> prepared = PrepareInput(input, SettingsFor(options));
  return PreparedRequest{Traits::kEndpointId, Traits::ToJson(prepared.input), std::move(prepared.report),
                         std::move(prepared.cost), std::move(prepared.clip)};
}

}  // namespace fal
