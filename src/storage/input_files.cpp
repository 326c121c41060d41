#include "storage/input_files.hpp"

#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "fal/data_uri.hpp"
#include "platform/file_io.hpp"
#include "storage/content_type.hpp"
#include "storage/upload_slots.hpp"
#include "storage/upload_source.hpp"
#include "storage/uploader.hpp"

namespace fal::internal {
namespace {

std::string NameOf(const File& file) {
  if (file.kind() == File::Kind::kPath) return platform::PathToUtf8(file.path());
  return file.file_name().empty() ? std::string("(bytes)") : file.file_name();
}

// Keeps everything the upload's error said (status, request id, field errors) and names the file.
Error NamedError(const File& file, const Error& cause) {
  Error e = cause;  // a copy keeps every field, the next one added to Error too
  return e.WithMessage("input file \"" + NameOf(file) +
                       "\" could not be uploaded, so the request was not submitted: " + cause.message());
}

Result<std::string> InlineDataUri(const File& file) {
  std::string bytes;
  if (file.kind() == File::Kind::kPath) {
    std::ifstream in(file.path(), std::ios::binary);
    if (!in) {
      return Error(ErrorCode::kInvalidArgument,
                   "cannot open \"" + platform::PathToUtf8(file.path()) + "\" (check the path)");
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad())
      return Error(ErrorCode::kInvalidArgument,
                   "reading \"" + platform::PathToUtf8(file.path()) + "\" failed");
  } else {
    bytes = file.bytes();
  }
  const std::string type = ChooseContentType(
      file.content_type(), std::string_view(bytes).substr(0, kSniffBytes), file.file_name());
  return EncodeDataUri(bytes, type);
}

std::optional<std::uint64_t> SizeOf(const File& file) {
  if (file.kind() == File::Kind::kBytes) return file.bytes().size();
  std::error_code ec;
  auto size = std::filesystem::file_size(file.path(), ec);
  if (ec) return std::nullopt;  // the upload reports the problem with the file
  return size;
}

}  // namespace

UploadOptions OptionsForFile(const File& file, UploadOptions options) {
  if (options.content_type.empty()) options.content_type = file.content_type();
  if (options.file_name.empty()) options.file_name = file.file_name();
  return options;
}

namespace {

// One typed request's files: inline the small ones, upload the others (each waits for one of the client's
// upload slots, without blocking a thread), then replace them all at once, or none when one fails.
class InputUploads : public std::enable_shared_from_this<InputUploads> {
 public:
  InputUploads(ClientCore& core, const CallOptions& call, std::function<void(Result<void>)> done)
      : core_(core),
        guard_(&core),
        call_(call),
        group_(call.cancel, abort_.Token()),
        stop_(group_.token(), core.shutdown_token()),
        done_(std::move(done)) {}

  void Start(std::vector<File*> pending) {
    // Nothing changes in the request until every file is ready: a failure leaves it as it was.
    const std::uint64_t inline_below = core_.options().inline_files_below;
    for (File* f : pending) {
      std::optional<std::uint64_t> size = inline_below > 0 ? SizeOf(*f) : std::nullopt;
      if (size && *size < inline_below) {
        Result<std::string> uri = InlineDataUri(*f);
        if (!uri) return done_(NamedError(*f, uri.error()));
        inlined_.emplace_back(f, std::move(*uri));
      } else {
        uploads_.push_back(f);
      }
    }
    results_.resize(uploads_.size());
    remaining_ = uploads_.size();
    if (uploads_.empty()) return Complete();
    auto self = shared_from_this();
    for (std::size_t i = 0; i < uploads_.size(); ++i) {
      core_.upload_slots().Acquire(stop_.token(), [self, i](bool granted) { self->Run(i, granted); });
    }
  }

 private:
  void Run(std::size_t i, bool granted) {
    if (!granted) {
      return Finished(i, Error(ErrorCode::kCancelled, "the upload was cancelled before it started"));
    }
    File& f = *uploads_[i];
    Result<std::unique_ptr<UploadSource>> source =
        f.kind() == File::Kind::kPath ? OpenFileSource(f.path())
                                      : Result<std::unique_ptr<UploadSource>>(MakeBytesSource(f.bytes()));
    if (!source) {
      core_.upload_slots().Release();
      return Finished(i, source.error());
    }
    UploadOptions options = OptionsForFile(f, UploadOptions{});
    options.call = call_;
    options.call.cancel = stop_.token();
    auto self = shared_from_this();
    StartUpload(core_, std::move(*source), std::move(options), [self, i](Result<std::string> url) {
      self->core_.upload_slots().Release();
      self->Finished(i, std::move(url));
    });
  }

  void Finished(std::size_t i, Result<std::string> url) {
    // The first failure cancels the other uploads, so a doomed submit stops quickly.
    if (!url) abort_.Cancel();
    {
      std::lock_guard<std::mutex> lock(mu_);
      results_[i] = std::move(url);
      if (--remaining_ > 0) return;
    }
    Complete();
  }

  void Complete() {
    // The error to report: the first real one, not a file cancelled because another failed.
    std::optional<Error> first_error, first_cause;
    for (std::size_t i = 0; i < results_.size(); ++i) {
      const Result<std::string>& url = *results_[i];
      if (url) continue;
      const bool echo =
          url.error().code() == ErrorCode::kCancelled && abort_.IsCancelled() && !call_.cancel.IsCancelled();
      if (!first_error) first_error = NamedError(*uploads_[i], url.error());
      if (!first_cause && !echo) first_cause = NamedError(*uploads_[i], url.error());
    }
    if (first_cause) return done_(*first_cause);
    if (first_error) return done_(*first_error);
    for (auto& [file, value] : inlined_) *file = File(std::move(value));
    for (std::size_t i = 0; i < uploads_.size(); ++i) *uploads_[i] = File(std::move(**results_[i]));
    done_({});
  }

  ClientCore& core_;
  InflightGuard guard_;  // the client's shutdown waits for `done_`
  const CallOptions call_;
  CancellationSource abort_;
  LinkedCancellation group_;  // the caller's cancel, or another file failed
  LinkedCancellation stop_;   // ... or the client is shutting down
  std::function<void(Result<void>)> done_;
  std::vector<std::pair<File*, std::string>> inlined_;
  std::vector<File*> uploads_;
  std::mutex mu_;
  std::vector<std::optional<Result<std::string>>> results_;
  std::size_t remaining_ = 0;
};

std::vector<File*> NeedingUpload(const std::vector<File*>& files) {
  std::vector<File*> pending;
  for (File* f : files) {
    if (f != nullptr && f->NeedsUpload()) pending.push_back(f);
  }
  return pending;
}

}  // namespace

void UploadInputsAsync(ClientCore& core, const std::vector<File*>& files, const CallOptions& call,
                       std::function<void(Result<void>)> done) {
  std::vector<File*> pending = NeedingUpload(files);
  if (pending.empty()) return done({});
  std::make_shared<InputUploads>(core, call, std::move(done))->Start(std::move(pending));
}

Result<void> UploadInputs(ClientCore& core, const std::vector<File*>& files, const CallOptions& call) {
  if (NeedingUpload(files).empty()) return {};
  if (core.transport().IsLoopThread()) {
    return Error(
        ErrorCode::kInternal,
        "a blocking typed call with local files was made from a falcpp callback, which would deadlock "
        "the engine while the files upload; use Client::SubmitAsync(input, ...), which uploads them "
        "without blocking");
  }
  auto promise = std::make_shared<std::promise<Result<void>>>();
  std::future<Result<void>> future = promise->get_future();
  UploadInputsAsync(core, files, call, [promise](Result<void> r) { promise->set_value(std::move(r)); });
  return future.get();
}

}  // namespace fal::internal
