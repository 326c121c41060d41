#include "storage/input_files.hpp"

#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <string>
#include <utility>

#include "fal/data_uri.hpp"
#include "platform/file_io.hpp"
#include "storage/content_type.hpp"
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
  return e.WithMessage("input file \"" + NameOf(file) + "\" could not be uploaded, so the request was not submitted: " +
                       cause.message());
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
  const std::string type =
      ChooseContentType(file.content_type(), std::string_view(bytes).substr(0, kSniffBytes), file.file_name());
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

Result<void> UploadInputs(ClientCore& core, const std::vector<File*>& files, const CallOptions& call) {
  std::vector<File*> pending;
  for (File* f : files) {
    if (f != nullptr && f->NeedsUpload()) pending.push_back(f);
  }
  if (pending.empty()) return {};
  if (core.transport().IsLoopThread()) {
    return Error(ErrorCode::kInternal,
                 "a typed submit with local files was made from a falcpp callback, which would deadlock the engine "
                 "while the files upload; upload them first (Storage::UploadAsync) and submit their URLs");
  }

  // Nothing changes in the request until every file is ready: a failure leaves it as it was.
  std::vector<std::pair<File*, std::string>> replacements;
  std::vector<File*> uploads;
  const std::uint64_t inline_below = core.options().inline_files_below;
  for (File* f : pending) {
    std::optional<std::uint64_t> size = inline_below > 0 ? SizeOf(*f) : std::nullopt;
    if (size && *size < inline_below) {
      Result<std::string> uri = InlineDataUri(*f);
      if (!uri) return NamedError(*f, uri.error());
      replacements.emplace_back(f, std::move(*uri));
    } else {
      uploads.push_back(f);
    }
  }

  // All uploads at once; the first failure cancels the others, so a doomed submit stops quickly.
  CancellationSource abort;
  LinkedCancellation group(call.cancel, abort.Token());
  std::vector<std::future<Result<std::string>>> results;
  for (File* f : uploads) {
    auto promise = std::make_shared<std::promise<Result<std::string>>>();
    results.push_back(promise->get_future());
    auto done = [promise, abort](Result<std::string> r) mutable {
      if (!r) abort.Cancel();
      promise->set_value(std::move(r));
    };
    Result<std::unique_ptr<UploadSource>> source =
        f->kind() == File::Kind::kPath ? OpenFileSource(f->path())
                                       : Result<std::unique_ptr<UploadSource>>(MakeBytesSource(f->bytes()));
    if (!source) {
      done(source.error());
      continue;
    }
    UploadOptions options = OptionsForFile(*f, UploadOptions{});
    options.call = call;
    options.call.cancel = group.token();
    StartUpload(core, std::move(*source), std::move(options), std::move(done));
  }

  // The error to report: the first real one, not a file cancelled because another failed.
  std::optional<Error> first_error, first_cause;
  for (std::size_t i = 0; i < results.size(); ++i) {
    Result<std::string> url = results[i].get();
    if (url) {
      replacements.emplace_back(uploads[i], std::move(*url));
      continue;
    }
    const bool echo =
        url.error().code() == ErrorCode::kCancelled && abort.IsCancelled() && !call.cancel.IsCancelled();
    if (!first_error) first_error = NamedError(*uploads[i], url.error());
    if (!first_cause && !echo) first_cause = NamedError(*uploads[i], url.error());
  }
  if (first_cause) return *first_cause;
  if (first_error) return *first_error;
  for (auto& [file, value] : replacements) *file = File(std::move(value));
  return {};
}

}  // namespace fal::internal
