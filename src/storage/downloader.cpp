#include "storage/downloader.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "fal/data_uri.hpp"
#include "internal/once.hpp"
#include "internal/api_call.hpp"
#include "internal/error_mapping.hpp"
#include "internal/url.hpp"
#include "storage/progress.hpp"

namespace fal::internal {
namespace {

// What an error body may hold: enough for fal's JSON detail, never a whole misdirected file.
constexpr std::size_t kMaxErrorBody = 64 * 1024;

std::optional<std::uint64_t> ContentLength(const http::Headers& headers) {
  auto v = http::FindHeader(headers, "content-length");
  if (!v) return std::nullopt;
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
  return n;
}

class DownloadRun : public std::enable_shared_from_this<DownloadRun> {
 public:
  DownloadRun(ClientCore& core, OutputFile file, std::shared_ptr<DownloadSink> sink, DownloadOptions options,
              std::function<void(Result<std::uint64_t>)> done)
      : core_(core),
        guard_(&core),
        file_(std::move(file)),
        sink_(std::move(sink)),
        options_(std::move(options)),
        progress_(std::make_shared<ProgressMeter>(std::move(options_.on_progress), 0)),
        done_(std::move(done)) {
    std::string name = file_.file_name.value_or("");
    if (name.empty()) name = IsDataUri(file_.url) ? "data URI" : StripQuery(file_.url);
    what_ = "download of " + (IsDataUri(file_.url) ? name : "\"" + name + "\"");
  }

  void Start() {
    if (core_.config_error()) return Fail(*core_.config_error());
    if (file_.url.empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument, "the output file has no url to download"));
    }
    if (file_.file_size && *file_.file_size < 0) file_.file_size.reset();
    if (IsDataUri(file_.url)) return DecodeDataUri();
    if (!ParseUrl(file_.url)) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        what_ + ": the url is neither an http(s) URL nor a data URI"));
    }
    if (file_.file_size) progress_->SetTotal(static_cast<std::uint64_t>(*file_.file_size));

    ApiCall call;
    call.op = Operation::kDownload;
    call.authorize = false;  // download hosts (the CDN, signed URLs) never see the key
    call.request.method = http::Method::kGet;
    call.request.url = file_.url;
    call.request.follow_redirects = true;
    call.request.timeout = std::chrono::milliseconds(0);
    call.request.connect_timeout = core_.options().connect_timeout;
    call.request.low_speed_bytes_per_second = core_.options().transfer_low_speed_bytes_per_second;
    call.request.low_speed_window = core_.options().transfer_low_speed_window;
    call.request.headers.emplace_back("Accept", "*/*");
    // The callbacks hold the run alive: a transport may call them until the exchange is over.
    call.request.on_headers = [self = shared_from_this()](int status, const http::Headers& headers) {
      self->OnHeaders(status, headers);
    };
    call.request.on_body = [self = shared_from_this()](std::string_view chunk) { return self->OnBody(chunk); };
    call.what = what_;
    Execute(core_, std::move(call), options_.call,
            [self = shared_from_this()](Result<http::Response> r) { self->OnDone(std::move(r)); });
  }

 private:
  void DecodeDataUri() {
    Result<DataUri> uri = ParseDataUri(file_.url);
    if (!uri) return Fail(WithNote(uri.error(), what_));
    progress_->SetTotal(uri->data.size());
    if (Result<void> ok = sink_->Restart(); !ok) return Fail(ok.error());
    if (Result<void> ok = sink_->Write(uri->data); !ok) return Fail(ok.error());
    received_ = uri->data.size();
    progress_->Set(received_);
    Succeed();
  }

  // Each attempt starts here (after redirects): a retry rewinds the sink, an error answer is kept aside.
  void OnHeaders(int status, const http::Headers& headers) {
    headers_seen_ = true;
    attempt_ok_ = status >= 200 && status < 300;
    error_body_.clear();
    received_ = 0;
    if (!attempt_ok_) return;
    if (!file_.file_size) {
      if (auto length = ContentLength(headers)) progress_->SetTotal(*length);
    }
    if (Result<void> ok = sink_->Restart(); !ok) sink_error_ = ok.error();
    progress_->Set(0);
  }

  bool OnBody(std::string_view chunk) {
    if (!attempt_ok_) {
      error_body_.append(chunk.substr(0, kMaxErrorBody - std::min(kMaxErrorBody, error_body_.size())));
      return true;
    }
    if (sink_error_) return false;
    if (Result<void> ok = sink_->Write(chunk); !ok) {
      sink_error_ = ok.error();
      return false;
    }
    received_ += chunk.size();
    progress_->Set(received_);
    return true;
  }

  void OnDone(Result<http::Response> r) {
    if (sink_error_) return Fail(*sink_error_);
    if (!r) return Fail(r.error());
    if (r->status < 200 || r->status >= 300) {
      http::Response shown = std::move(*r);
      shown.body = std::move(error_body_);
      return Fail(ErrorFromResponse(shown, what_, Advice::kCheckFileUrl));
    }
    if (!headers_seen_) {
      if (Result<void> ok = sink_->Restart(); !ok) return Fail(ok.error());
    }
    Succeed();
  }

  void Succeed() {
    if (file_.file_size && static_cast<std::uint64_t>(*file_.file_size) != received_) {
      return Fail(Error(ErrorCode::kMalformedResponse,
                        what_ + " received " + std::to_string(received_) + " bytes, but the output states file_size " +
                            std::to_string(*file_.file_size) + "; the file was not kept (retry the download)"));
    }
    if (Result<void> ok = sink_->Commit(); !ok) return Fail(ok.error());
    progress_->Flush();
    Deliver(received_);
  }

  void Fail(const Error& error) {
    sink_->Abandon();
    Deliver(error);
  }

  void Deliver(Result<std::uint64_t> result) {
    RunOnce(done_, std::move(result));
  }

  ClientCore& core_;
  InflightGuard guard_;
  OutputFile file_;
  std::shared_ptr<DownloadSink> sink_;
  DownloadOptions options_;
  std::shared_ptr<ProgressMeter> progress_;
  std::function<void(Result<std::uint64_t>)> done_;
  std::string what_;

  // Touched only by the transfer's callbacks, which a transport runs one at a time.
  bool headers_seen_ = false;
  bool attempt_ok_ = false;
  std::uint64_t received_ = 0;
  std::string error_body_;
  std::optional<Error> sink_error_;
};

}  // namespace

void StartDownload(ClientCore& core, const OutputFile& file, std::shared_ptr<DownloadSink> sink,
                   DownloadOptions options, std::function<void(Result<std::uint64_t>)> done) {
  std::make_shared<DownloadRun>(core, file, std::move(sink), std::move(options), std::move(done))->Start();
}

}  // namespace fal::internal
