#include "fal/client.hpp"

#include <memory>

#include "internal/api_call.hpp"
#include "internal/client_core.hpp"
#include "internal/error_mapping.hpp"
#include "internal/job_ops.hpp"
#include "internal/queue_protocol.hpp"
#include "internal/utf8.hpp"
#include "internal/wait_loop.hpp"
#include "storage/input_files.hpp"

namespace fal {

Client::Client(ClientOptions options) {
  auto [resolved, problem] = internal::ResolveOptions(std::move(options), internal::ProcessEnvironment());
  owner_ = std::make_shared<internal::ClientOwner>(
      std::make_unique<internal::ClientCore>(std::move(resolved), std::move(problem)));
}

const ClientOptions& Client::options() const { return owner_->core().options(); }

fal::Storage Client::Storage() const { return fal::Storage(owner_); }

namespace {

using SubmittedJob = std::function<void(Result<internal::JobRef>)>;

// Queues `json_body` on `core`. `done` gets the job's reference, once: on an engine thread while the
// submit still counts as in flight (so `core` is alive there even after the client's last handle has
// gone), or here for an immediate error. It holds no handle on the client: a Client whose owner lets go
// of it is shut down there and then, by the owner's thread, however many submits are answering.
void SubmitJob(internal::ClientCore& core, std::string_view endpoint_id, std::string json_body,
               const SubmitOptions& options, SubmittedJob done) {
  Result<EndpointId> endpoint = EndpointId::Parse(endpoint_id);
  if (!endpoint) return done(endpoint.error());
  if (auto bad = internal::FirstInvalidUtf8(json_body)) {
    return done(Error(
        ErrorCode::kInvalidArgument,
        "the request body is not valid UTF-8, so nothing was sent: " +
            internal::DescribeInvalidUtf8(json_body, *bad) +
            "; JSON is UTF-8: convert the text (for example from Latin-1 with iconv) before submitting"));
  }
  Result<http::Headers> headers = internal::SubmitHeaders(options);
  if (!headers) return done(headers.error());

  internal::ApiCall call;
  call.op = internal::Operation::kSubmit;
  call.request.method = http::Method::kPost;
  call.request.url = internal::SubmitUrl(core.options().queue_url, *endpoint, options.webhook_url);
  call.request.headers = std::move(*headers);
  call.request.body = std::move(json_body);
  call.request.timeout = core.options().request_timeout;
  call.request.connect_timeout = core.options().connect_timeout;
  call.retry_ambiguous = options.retry_ambiguous.value_or(core.options().retry_ambiguous_submits);
  call.what = "submit to " + endpoint->Full();

  internal::ClientCore* engine = &core;
  internal::Execute(core, std::move(call), options.call,
                    [engine, endpoint = *endpoint, what = "submit to " + endpoint->Full(),
                     done = std::move(done)](Result<http::Response> r) {
                      if (!r) return done(r.error());
                      if (r->status < 200 || r->status >= 300)
                        return done(internal::ErrorFromResponse(*r, what, Advice::kCheckEndpointId));
                      Result<internal::SubmitAnswer> answer = internal::ParseSubmitAnswer(*r, what);
                      if (!answer) return done(answer.error());
                      done(internal::MakeJobRef(*engine, endpoint, answer->request_id, answer->status_url,
                                                answer->response_url, answer->cancel_url));
                    });
}

}  // namespace

// The JobHandle of a submitted job, for `done`. A handle holds the client, so it is made only while the
// client has an owner: `weak`, so that a submit in flight never keeps alive a client its owner let go of.
SubmittedJob Client::HandOut(std::weak_ptr<internal::ClientOwner> weak,
                             std::function<void(Result<JobHandle>)> done) {
  return [weak = std::move(weak), done = std::move(done)](Result<internal::JobRef> job) {
    if (!job) return done(job.error());
    auto owner = weak.lock();
    if (!owner) {
      return done(Error(ErrorCode::kCancelled, "the client was destroyed while submitting; the job " +
                                                   job->request_id +
                                                   " exists: resume it with Client::Job(\"" +
                                                   job->endpoint.Full() + "\", \"" + job->request_id + "\")")
                      .WithRequestId(job->request_id));
    }
    done(JobHandle(std::move(owner), job->endpoint, job->request_id, job->status_url, job->response_url,
                   job->cancel_url));
  };
}

void Client::SubmitAsync(std::string_view endpoint_id, std::string json_body, SubmitOptions options,
                         std::function<void(Result<JobHandle>)> done) const {
  SubmitJob(owner_->core(), endpoint_id, std::move(json_body), options, HandOut(owner_, std::move(done)));
}

Result<JobHandle> Client::Submit(std::string_view endpoint_id, std::string json_body,
                                 SubmitOptions options) const {
  return internal::Await<JobHandle>(owner_->core(), [&](auto done) {
    SubmitAsync(endpoint_id, std::move(json_body), std::move(options), std::move(done));
  });
}

Result<JobHandle> Client::Job(std::string_view endpoint_id, std::string request_id) const {
  Result<EndpointId> endpoint = EndpointId::Parse(endpoint_id);
  if (!endpoint) return endpoint.error();
  if (Result<void> ok = internal::CheckRequestId(request_id); !ok) return ok.error();
  return JobHandle(owner_, *endpoint, std::move(request_id));
}

void Client::SubscribeAsync(std::string_view endpoint_id, std::string json_body, SubscribeOptions options,
                            std::function<void(Result<RawOutput>)> done) const {
  // The job goes from submit to wait on the engine alone, never through a JobHandle: a handle made there
  // would hold the client for a moment, and a client let go of in that moment would shut down on the
  // engine, after its owner's thread had already moved on without waiting for these callbacks.
  internal::ClientCore* core = &owner_->core();
  auto on_enqueue = std::move(options.on_enqueue);
  auto wait = std::make_shared<WaitOptions>(std::move(options.wait));
  SubmitJob(*core, endpoint_id, std::move(json_body), options.submit,
            [core, on_enqueue, wait, done = std::move(done)](Result<internal::JobRef> job) mutable {
              if (!job) return done(job.error());
              if (on_enqueue) on_enqueue(job->request_id);
              internal::WaitForOutput(*core, std::move(*job), std::move(*wait), std::move(done));
            });
}

Result<RawOutput> Client::Subscribe(std::string_view endpoint_id, std::string json_body,
                                    SubscribeOptions options) const {
  return internal::Await<RawOutput>(owner_->core(), [&](auto done) {
    SubscribeAsync(endpoint_id, std::move(json_body), std::move(options), std::move(done));
  });
}

PrepareSettings Client::SettingsFor(const SubmitOptions& options) const {
  const ClientOptions& client = owner_->core().options();
  PrepareSettings settings;
  settings.validation = options.validation.value_or(client.validation);
  settings.clip_probe = client.clip_probe;
  settings.prices = client.prices;
  settings.max_cost_usd = options.max_cost_usd ? options.max_cost_usd : client.max_cost_usd;
  return settings;
}

Result<void> Client::ApplyValidation(const ValidationReport& report, const SubmitOptions& options,
                                     std::vector<FieldError>& warnings) const {
  internal::ClientCore& core = owner_->core();
  ValidationMode mode = options.validation.value_or(core.options().validation);
  if (mode == ValidationMode::kOff) return {};
  // Reached without a log sink too: on the job (TypedJob::warnings) and through on_warning.
  for (const Finding& f : report.findings) {
    bool blocks = f.severity == Severity::kError && mode == ValidationMode::kStrict;
    if (blocks) continue;
    core.Log(LogLevel::kWarning, "request check: " + f.error.Path() + ": " + f.error.msg);
    warnings.push_back(f.error);
    if (options.on_warning) options.on_warning(f.error);
  }
  return ApplyValidationMode(report, mode);
}

Result<void> Client::UploadInputFiles(const std::vector<File*>& files, const CallOptions& call) const {
  return internal::UploadInputs(owner_->core(), files, call);
}

void Client::SubmitAfterUploads(std::vector<File*> files, std::function<std::string()> body,
                                std::string_view endpoint_id, SubmitOptions options,
                                std::function<void(Result<JobHandle>)> done) const {
  // Weak, as in SubmitAsync: uploads in flight must not keep alive a client its owner has let go of.
  internal::ClientCore* core = &owner_->core();
  std::weak_ptr<internal::ClientOwner> weak = owner_;
  const CallOptions call = options.call;
  internal::UploadInputsAsync(
      *core, files, call,
      [core, weak, body = std::move(body), endpoint = std::string(endpoint_id), options = std::move(options),
       done = std::move(done)](Result<void> uploaded) mutable {
        if (!uploaded) return done(uploaded.error());
        if (weak.expired()) {
          return done(
              Error(ErrorCode::kCancelled,
                    "the client was destroyed while the request's files uploaded; nothing was submitted"));
        }
        SubmitJob(*core, endpoint, body(), options, HandOut(std::move(weak), std::move(done)));
      });
}

}  // namespace fal
