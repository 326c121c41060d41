#include "storage/downloader.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "fal/data_uri.hpp"
#include "internal/api_call.hpp"
#include "internal/error_mapping.hpp"
#include "internal/once.hpp"
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
      return Fail(
          Error(ErrorCode::kInvalidArgument, what_ + ": the url is neither an http(s) URL nor a data URI"));
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
    call.request.on_body = [self = shared_from_this()](std::string_view chunk) {
      return self->OnBody(chunk);
    };
    call.prepare_attempt = [self = shared_from_this()](http::Request& request) {
      self->PrepareAttempt(request);
    };
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

  // A retry after some bytes arrived from a server that serves ranges asks for the rest only.
  void PrepareAttempt(http::Request& request) {
    range_from_ = ranges_served_ ? received_ : 0;
    if (range_from_ > 0) request.headers.emplace_back("Range", "bytes=" + std::to_string(range_from_) + "-");
  }

  // Each attempt starts here (after redirects). A 206 for the range asked continues the bytes kept; any
  // other success rewinds the sink (a server that ignores Range sends the whole file again); an error
  // answer is kept aside.
  void OnHeaders(int status, const http::Headers& headers) {
    headers_seen_ = true;
    attempt_ok_ = status >= 200 && status < 300;
    error_body_.clear();
    if (!attempt_ok_) return;
    const std::optional<std::uint64_t> length = ContentLength(headers);
    if (status == 206 && range_from_ > 0) {
      if (RangeStart(headers) != range_from_) {
        sink_error_ =
            Error(ErrorCode::kUnavailable, what_ +
                                               ": the server answered a range that was not asked for "
                                               "(bytes from " +
                                               std::to_string(range_from_) + " were); retry the download");
        return;
      }
      if (!file_.file_size && length) progress_->SetTotal(range_from_ + *length);
      return;  // received_ and the sink go on from range_from_
    }
    ranges_served_ = http::FindHeader(headers, "accept-ranges").value_or("") == "bytes";
    received_ = 0;
    if (!file_.file_size && length) progress_->SetTotal(*length);
    if (Result<void> ok = sink_->Restart(); !ok) sink_error_ = ok.error();
    progress_->Set(0);
  }

  // The first byte of a 206 answer: "bytes N-M/T" gives N.
  static std::optional<std::uint64_t> RangeStart(const http::Headers& headers) {
    std::string value = http::FindHeader(headers, "content-range").value_or("");
    if (value.rfind("bytes ", 0) != 0) return std::nullopt;
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(value.data() + 6, value.data() + value.size(), n);
    if (ec != std::errc() || end == value.data() + value.size() || *end != '-') return std::nullopt;
    return n;
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
      return Fail(Error(ErrorCode::kMalformedResponse, what_ + " received " + std::to_string(received_) +
                                                           " bytes, but the output states file_size " +
                                                           std::to_string(*file_.file_size) +
                                                           "; the file was not kept (retry the download)"));
    }
    if (Result<void> ok = sink_->Commit(); !ok) return Fail(ok.error());
    progress_->Flush();
    Deliver(received_);
  }

  void Fail(const Error& error) {
    sink_->Abandon();
    Deliver(error);
  }

  void Deliver(Result<std::uint64_t> result) { RunOnce(done_, std::move(result)); }

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
  bool ranges_served_ = false;    // the last full answer said Accept-Ranges: bytes
  std::uint64_t range_from_ = 0;  // the first byte this attempt asked for (0: the whole file)
  std::uint64_t received_ = 0;    // bytes in the sink, kept across attempts while a range can continue them
  std::string error_body_;
  std::optional<Error> sink_error_;
};

}  // namespace

void StartDownload(ClientCore& core, const OutputFile& file, std::shared_ptr<DownloadSink> sink,
                   DownloadOptions options, std::function<void(Result<std::uint64_t>)> done) {
  std::make_shared<DownloadRun>(core, file, std::move(sink), std::move(options), std::move(done))->Start();
}

}  // namespace fal::internal
