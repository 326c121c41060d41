#include "storage/uploader.hpp"

#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <optional>

#include "internal/api_call.hpp"
#include "internal/deadline.hpp"
#include "internal/error_mapping.hpp"
#include "storage/cdn_tokens.hpp"
#include "storage/content_type.hpp"
#include "storage/progress.hpp"
#include "storage/storage_protocol.hpp"

namespace fal::internal {
namespace {

using std::chrono::milliseconds;

constexpr int kMaxParallelism = 64;
constexpr std::uint64_t kMaxParts = 10000;  // fal's (and S3's) limit on the parts of one multipart upload
constexpr const char* kNotOffered =
    "the server does not offer CDN v3 uploads (this client now uses storage initiate)";

}  // namespace

Result<void> CheckUploadOptions(const UploadOptions& o) {
  if (o.part_size == 0) {
    return Error(ErrorCode::kInvalidArgument,
                 "UploadOptions::part_size is 0: use a positive size (default 10 MiB)");
  }
  if (o.parallelism < 1 || o.parallelism > kMaxParallelism) {
    return Error(ErrorCode::kInvalidArgument, "UploadOptions::parallelism is " +
                                                  std::to_string(o.parallelism) + ": use 1 to " +
                                                  std::to_string(kMaxParallelism) + " (default 4)");
  }
  if (o.lifecycle) return CheckLifecycle(*o.lifecycle);
  return {};
}

namespace {

class UploadRun : public std::enable_shared_from_this<UploadRun> {
 public:
  UploadRun(ClientCore& core, std::unique_ptr<UploadSource> source, UploadOptions options,
            std::function<void(Result<std::string>)> done)
      : core_(core),
        guard_(&core),
        source_(std::move(source)),
        options_(std::move(options)),
        cancel_(options_.call.cancel, core.shutdown_token()),
        done_(std::move(done)) {}

  void Start() {
    if (core_.config_error()) return Finish(*core_.config_error());
    if (Result<void> ok = CheckUploadOptions(options_); !ok) return Finish(ok.error());
    deadline_ = Deadline::In(core_.transport().Now(), options_.call.timeout);

    const std::string& given_name =
        options_.file_name.empty() ? source_->suggested_name() : options_.file_name;
    content_type_ = ChooseContentType(options_.content_type, source_->head(), given_name);
    file_name_ = given_name.empty() ? DefaultFileName(content_type_) : given_name;
    what_ = "upload of \"" + file_name_ + "\"";

    const std::optional<std::uint64_t> size = source_->size();
    // A forward-only stream that outlasted its first part has no known size: parts keep memory bounded.
    multipart_ = !size || *size > options_.multipart_threshold;
    if (multipart_ && size) {
      const std::uint64_t parts = (*size + options_.part_size - 1) / options_.part_size;
      if (parts > kMaxParts) return Finish(TooManyParts(*size));
      part_count_ = static_cast<int>(parts);
    }
    progress_ = std::make_shared<ProgressMeter>(std::move(options_.on_progress), size.value_or(0));
    cdn_ = core_.options().upload_protocol == UploadProtocol::kCdnV3 && !core_.cdn_tokens().unavailable();
    Begin();
  }

 private:
  // The call options of the next request: the upload's cancellation, and what is left of its deadline.
  std::optional<CallOptions> NextCall() const {
    CallOptions call;
    call.cancel = cancel_.token();
    call.retry = options_.call.retry;
    if (deadline_) {
      const milliseconds left = *deadline_.Remaining(core_.transport().Now());
      if (left <= milliseconds(0)) return std::nullopt;
      call.timeout = left;
    }
    return call;
  }

  Error DeadlineError() const {
    return Error(ErrorCode::kDeadlineExceeded,
                 what_ + " ran out of time (CallOptions::timeout); raise the timeout or retry later");
  }

  // fal's multipart uploads take at most kMaxParts parts: say so before anything is sent (or, for a stream
  // of unknown size, before part kMaxParts + 1), with the part size that would do.
  Error TooManyParts(std::optional<std::uint64_t> size) const {
    const std::string need =
        size ? "at least " + std::to_string((*size + kMaxParts - 1) / kMaxParts) + " bytes" : "a larger size";
    return Error(ErrorCode::kInvalidArgument,
                 what_ + (size ? " is " + std::to_string(*size) + " bytes" : " is a stream that") +
                     ": with part_size " + std::to_string(options_.part_size) +
                     " that is more than fal's limit of " + std::to_string(kMaxParts) +
                     " parts; set UploadOptions::part_size to " + need);
  }

  Error CancelledError() const { return Error(ErrorCode::kCancelled, what_ + " was cancelled"); }

  http::Request TransferRequest(http::Method method, std::string url) const {
    http::Request r;
    r.method = method;
    r.url = std::move(url);
    // Transfers of any length: no overall limit, but a stalled one fails on the low-speed rule.
    r.timeout = milliseconds(0);
    r.connect_timeout = core_.options().connect_timeout;
    r.low_speed_bytes_per_second = core_.options().transfer_low_speed_bytes_per_second;
    r.low_speed_window = core_.options().transfer_low_speed_window;
    return r;
  }

  // The first request of an upload: on the CDN the single upload or the multipart create (after the
  // token), else the initiate.
  void Begin() {
    if (!cdn_) return Initiate();
    if (multipart_) return CreateOnCdn();
    PutSingle();
  }

  // The CDN and storage both want the content type and name; the CDN takes them as headers.
  http::Headers CdnHeaders() const {
    http::Headers headers = {{"Content-Type", content_type_}, {"X-Fal-File-Name", file_name_}};
    if (options_.lifecycle) {
      for (auto& h : LifecycleHeaders(*options_.lifecycle)) headers.push_back(std::move(h));
    }
    return headers;
  }

  // Sends a request to the signed URL (no credential), or to the CDN with the client's token.
  void Send(ApiCall call, const CallOptions& call_options, std::function<void(Result<http::Response>)> done) {
    if (!cdn_) return Execute(core_, std::move(call), call_options, std::move(done));
    ExecuteOnCdn(
        core_, core_.cdn_tokens(), [call = std::move(call)](const CdnToken&) { return call; }, call_options,
        std::move(done));
  }

  // Whether a failed first CDN request shows that the server does not offer CDN v3, so that this upload
  // (and the client's later ones) should use storage initiate: the token endpoint said so, or the CDN
  // answered 404, 405 or 501 to the single upload or the multipart create. Only a source that can be read
  // again can start over.
  bool CdnUnavailable(const Result<http::Response>& r) {
    if (r && CdnNotOffered(r->status)) core_.cdn_tokens().MarkUnavailable();
    return core_.cdn_tokens().unavailable() && (!r || r->status < 200 || r->status >= 300) &&
           (source_->random_access() || multipart_);
  }

  void FallBackToInitiate(const std::string& why) {
    core_.Log(LogLevel::kInfo, why + "; the " + what_ + " goes through storage initiate");
    cdn_ = false;
    progress_->Set(0);
    Initiate();
  }

  void CreateOnCdn() {
    auto call_options = NextCall();
    if (!call_options) return Finish(DeadlineError());
    const std::string what = "starting the " + what_ + " on the CDN";
    ExecuteOnCdn(
        core_, core_.cdn_tokens(),
        [this, what](const CdnToken& token) {
          cdn_base_ = token.base_url;
          ApiCall call;
          call.op = Operation::kStorage;
          call.request.method = http::Method::kPost;
          call.request.url = CdnMultipartUrl(token.base_url);
          call.request.headers = CdnHeaders();
          call.request.timeout = core_.options().request_timeout;
          call.request.connect_timeout = core_.options().connect_timeout;
          call.what = what;
          return call;
        },
        *call_options,
        [self = shared_from_this(), what](Result<http::Response> r) {
          if (self->CdnUnavailable(r)) return self->FallBackToInitiate(kNotOffered);
          if (!r) return self->Finish(r.error());
          if (r->status < 200 || r->status >= 300)
            return self->Finish(ErrorFromResponse(*r, what, Advice::kNone));
          Result<UploadTicket> ticket = ParseCdnMultipartAnswer(*r, what);
          if (!ticket) return self->Finish(ticket.error());
          if (!OnCdnBase(ticket->upload_url, self->cdn_base_)) {
            // The parts would carry the token to another host: never. This upload starts over.
            return self->FallBackToInitiate("the CDN put the parts on another host than its base_url");
          }
          self->StartWithTicket(std::move(*ticket));
        });
  }

  void Initiate() {
    auto call_options = NextCall();
    if (!call_options) return Finish(DeadlineError());
    ApiCall call;
    call.op = Operation::kStorage;
    call.authorize = true;  // the rest host is fal's API: the only storage request that carries the key
    call.request.method = http::Method::kPost;
    call.request.url = InitiateUrl(core_.options().rest_url, multipart_);
    call.request.headers.emplace_back("Content-Type", "application/json");
    if (options_.lifecycle) {
      for (auto& h : LifecycleHeaders(*options_.lifecycle)) call.request.headers.push_back(std::move(h));
    }
    call.request.body = InitiateBody(content_type_, file_name_);
    call.request.timeout = core_.options().request_timeout;
    call.request.connect_timeout = core_.options().connect_timeout;
    call.what = "starting the " + what_;
    Execute(core_, std::move(call), *call_options,
            [self = shared_from_this(), what = "starting the " + what_](Result<http::Response> r) {
              if (!r) return self->Finish(r.error());
              if (r->status < 200 || r->status >= 300)
                return self->Finish(ErrorFromResponse(*r, what, Advice::kNone));
              Result<UploadTicket> ticket = ParseInitiateAnswer(*r, what);
              if (!ticket) return self->Finish(ticket.error());
              self->StartWithTicket(std::move(*ticket));
            });
  }

  void PutSingle() {
    auto call_options = NextCall();
    if (!call_options) return Finish(DeadlineError());
    Result<http::BodySource> body = source_->Range(0, std::numeric_limits<std::uint64_t>::max());
    if (!body) return Finish(body.error());
    http::BodySource metered = progress_->Metered(std::move(*body), progress_);
    auto on_answer = [self = shared_from_this()](Result<http::Response> r) {
      if (self->cdn_ && self->CdnUnavailable(r)) return self->FallBackToInitiate(kNotOffered);
      if (!r) return self->Finish(r.error());
      if (self->RefusedSignedUrl(*r) && self->TakeTheOneReinitiation()) return self->Restart();
      if (r->status < 200 || r->status >= 300)
        return self->Finish(ErrorFromResponse(*r, self->what_, Advice::kNone));
      if (self->cdn_) return self->Finish(ParseAccessUrl(*r, self->what_));
      self->Finish(self->ticket_.file_url);
    };
    if (!cdn_) {
      ApiCall call;
      call.op = Operation::kStorage;
      call.authorize = false;  // a signed URL: the key never goes there
      call.request = TransferRequest(http::Method::kPut, ticket_.upload_url);
      call.request.headers.emplace_back("Content-Type", content_type_);
      call.request.body_source = std::move(metered);
      call.what = what_;
      return Execute(core_, std::move(call), *call_options, std::move(on_answer));
    }
    ExecuteOnCdn(
        core_, core_.cdn_tokens(),
        [this, metered](const CdnToken& token) {
          ApiCall call;
          call.op = Operation::kStorage;
          call.request = TransferRequest(http::Method::kPost, CdnUploadUrl(token.base_url));
          call.request.headers = CdnHeaders();
          call.request.body_source = metered;
          call.what = what_;
          return call;
        },
        *call_options, std::move(on_answer));
  }

  // A signed upload URL lives about an hour, and a long multipart upload (or one queued behind others) can
  // outlive it: storage then answers 403. fal's answer is a fresh URL, so the upload starts again once
  // with a new one (docs/reliability.md, fault matrix row 22); a second 403 is reported. Only sources that
  // can be read again can start again: a forward-only stream has already handed over its first parts.
  bool RefusedSignedUrl(const http::Response& r) const { return !cdn_ && r.status == 403; }

  bool TakeTheOneReinitiation() {
    std::lock_guard<std::mutex> lock(mu_);
    if (reinitiated_ || (multipart_ && !source_->random_access())) return false;
    reinitiated_ = true;
    return true;
  }

  // Starts again from the initiate, counting progress from zero again. Parts stay stopped until the new
  // URL is in (StartWithTicket).
  void Restart() {
    progress_->Set(0);
    Initiate();
  }

  void StartWithTicket(UploadTicket ticket) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ticket_ = std::move(ticket);
      etags_.clear();  // an earlier URL's parts belong to an upload that will never be completed
      next_part_ = 1;
      restart_pending_ = false;
      restarting_ = false;
    }
    if (cancel_.token().IsCancelled()) return Finish(CancelledError());
    if (multipart_) return LaunchParts();
    PutSingle();
  }

  std::string PartWhat(int n) {
    std::optional<int> count;
    {
      std::lock_guard<std::mutex> lock(mu_);
      count = part_count_;
    }
    return what_ + ", part " + std::to_string(n) + (count ? " of " + std::to_string(*count) : "");
  }

  // Starts parts until `parallelism` are in flight, then checks whether the upload is over. Re-entrant:
  // Execute may report a part at once (on this thread) when it fails before sending.
  void LaunchParts() {
    for (;;) {
      // Forward-only sources must be read in part order: number and read the part under one lock.
      std::unique_lock<std::mutex> read_lock(read_mu_, std::defer_lock);
      if (!source_->random_access()) read_lock.lock();
      int n = 0;
      {
        std::lock_guard<std::mutex> lock(mu_);
        const bool no_more = part_count_ && next_part_ > *part_count_;
        if (failure_ || restart_pending_ || cancel_.token().IsCancelled() || no_more ||
            in_flight_ >= options_.parallelism) {
          break;
        }
        n = next_part_++;
        ++in_flight_;
      }
      const std::uint64_t offset = static_cast<std::uint64_t>(n - 1) * options_.part_size;
      Result<http::BodySource> body = source_->Range(offset, options_.part_size);
      if (body && !source_->random_access() && body->size < options_.part_size) {
        // The stream ended in this part (or exactly before it): now the part count and total are known.
        std::lock_guard<std::mutex> lock(mu_);
        part_count_ = body->size == 0 ? n - 1 : n;
        progress_->SetTotal(offset + body->size);
      }
      if (read_lock.owns_lock()) read_lock.unlock();
      if (!body) {
        Fail(body.error());
        continue;
      }
      if (body->size == 0) {
        std::lock_guard<std::mutex> lock(mu_);
        --in_flight_;
        continue;
      }
      SendPart(n, std::move(*body));
    }
    MaybeFinishParts();
  }

  void SendPart(int n, http::BodySource body) {
    // A stream of unknown size learns its part count as it goes: stop at fal's limit, before sending.
    if (static_cast<std::uint64_t>(n) > kMaxParts) {
      Fail(TooManyParts(std::nullopt));
      return;
    }
    auto call_options = NextCall();
    if (!call_options) {
      Fail(DeadlineError());
      return;
    }
    ApiCall call;
    call.op = Operation::kStorage;
    call.authorize = false;
    call.request = TransferRequest(http::Method::kPut, PartUrl(ticket_.upload_url, n));
    if (cdn_) call.request.headers.emplace_back("Content-Type", content_type_);
    call.request.body_source = progress_->Metered(std::move(body), progress_);
    call.what = PartWhat(n);
    Send(std::move(call), *call_options,
         [self = shared_from_this(), n](Result<http::Response> r) { self->OnPart(n, std::move(r)); });
  }

  void OnPart(int n, Result<http::Response> r) {
    if (r && RefusedSignedUrl(*r) && (RestartPending() || TakeTheOneReinitiation())) {
      // The URL is no longer good for any part: launch none, and start again once the rest are back.
      std::lock_guard<std::mutex> lock(mu_);
      restart_pending_ = true;
      --in_flight_;
    } else {
      OnPartAnswer(n, std::move(r));
    }
    LaunchParts();
  }

  bool RestartPending() {
    std::lock_guard<std::mutex> lock(mu_);
    return restart_pending_;
  }

  void OnPartAnswer(int n, Result<http::Response> r) {
    Result<std::string> etag = !r ? Result<std::string>(r.error())
                               : r->status < 200 || r->status >= 300
                                   ? Result<std::string>(ErrorFromResponse(*r, PartWhat(n), Advice::kNone))
                                   : ParsePartAnswer(*r, n, PartWhat(n));
    if (etag) {
      std::lock_guard<std::mutex> lock(mu_);
      etags_[n] = std::move(*etag);
      --in_flight_;
    } else {
      Fail(etag.error());
    }
  }

  // Records the first real failure (a part cancelled because another failed is not one) and stops the
  // other parts at once. Counts the failed part out of the parts in flight.
  void Fail(const Error& error) {
    bool first = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      --in_flight_;
      const bool echo_of_cancel = error.code() == ErrorCode::kCancelled && cancel_.token().IsCancelled();
      if (!failure_ && !echo_of_cancel) {
        failure_ = error;
        first = true;
      }
    }
    if (first) cancel_.Cancel();
  }

  void MaybeFinishParts() {
    enum class Next { kWait, kFail, kRestart, kComplete } next = Next::kWait;
    std::optional<Error> error;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (in_flight_ > 0 || finishing_) return;
      if (failure_) {
        error = failure_;
        next = Next::kFail;
      } else if (cancel_.token().IsCancelled()) {
        error = CancelledError();
        next = Next::kFail;
      } else if (restart_pending_) {
        if (restarting_) return;  // another thread saw the last part come back first
        restarting_ = true;
        next = Next::kRestart;
      } else if (part_count_ && static_cast<int>(etags_.size()) == *part_count_) {
        next = Next::kComplete;
      }
      if (next == Next::kFail || next == Next::kComplete) finishing_ = true;
    }
    if (next == Next::kFail) {
      int done = 0;
      {
        std::lock_guard<std::mutex> lock(mu_);
        done = static_cast<int>(etags_.size());
      }
      return Finish(
          WithNote(*error, std::to_string(done) + " part(s) had been uploaded; nothing was completed"));
    }
    if (next == Next::kRestart) Restart();
    if (next == Next::kComplete) Complete();
  }

  void Complete() {
    // A cancel that lands after the last part still stops here: no complete is sent for a cancelled upload.
    if (cancel_.token().IsCancelled()) return Finish(CancelledError());
    auto call_options = NextCall();
    if (!call_options) return Finish(DeadlineError());
    ApiCall call;
    call.op = Operation::kStorage;
    call.authorize = false;
    call.request.method = http::Method::kPost;
    call.request.url = CompleteUrl(ticket_.upload_url);
    call.request.headers.emplace_back("Content-Type", "application/json");
    {
      std::lock_guard<std::mutex> lock(mu_);
      call.request.body = CompleteBody(etags_);
    }
    call.request.timeout = core_.options().request_timeout;
    call.request.connect_timeout = core_.options().connect_timeout;
    call.what = "completing the " + what_;
    Send(std::move(call), *call_options, [self = shared_from_this()](Result<http::Response> r) {
      if (!r) return self->Finish(r.error());
      if (r->status < 200 || r->status >= 300) {
        return self->Finish(ErrorFromResponse(*r, "completing the " + self->what_, Advice::kNone));
      }
      self->Finish(self->ticket_.file_url);
    });
  }

  void Finish(Result<std::string> result) {
    std::function<void(Result<std::string>)> done;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done = std::move(done_);
      done_ = nullptr;
    }
    if (!done) return;
    if (result && progress_) progress_->Flush();
    done(std::move(result));
  }

  ClientCore& core_;
  InflightGuard guard_;
  std::shared_ptr<UploadSource> source_;
  UploadOptions options_;
  LinkedCancellation cancel_;  // the caller's token and the client's shutdown; Cancel() aborts the parts
  Deadline deadline_;
  std::string content_type_, file_name_, what_;
  bool multipart_ = false;
  bool cdn_ = false;      // CDN v3 (a token, straight to the CDN), else storage initiate and signed URLs
  std::string cdn_base_;  // the base_url of the token the multipart create went out with
  UploadTicket ticket_;
  std::shared_ptr<ProgressMeter> progress_;

  std::mutex read_mu_;
  std::mutex mu_;  // guards what follows
  int next_part_ = 1;
  std::optional<int> part_count_;
  int in_flight_ = 0;
  bool finishing_ = false;
  bool reinitiated_ = false;          // the one fresh URL after a 403 has been taken
  bool restart_pending_ = false;      // a part got that 403: no more parts until the new URL is in
  bool restarting_ = false;           // the new initiate has been sent
  std::map<int, std::string> etags_;  // ordered: complete lists the parts ascending
  std::optional<Error> failure_;
  std::function<void(Result<std::string>)> done_;
};

}  // namespace

void StartUpload(ClientCore& core, std::unique_ptr<UploadSource> source, UploadOptions options,
                 std::function<void(Result<std::string>)> done) {
  std::make_shared<UploadRun>(core, std::move(source), std::move(options), std::move(done))->Start();
}

}  // namespace fal::internal
