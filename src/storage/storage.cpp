#include "fal/storage.hpp"

#include <istream>
#include <ostream>

#include "internal/api_call.hpp"
#include "internal/client_core.hpp"
#include "storage/downloader.hpp"
#include "storage/input_files.hpp"
#include "storage/upload_source.hpp"
#include "storage/uploader.hpp"

namespace fal {

Storage::Storage(std::shared_ptr<internal::ClientOwner> owner) : owner_(std::move(owner)) {}

void Storage::UploadFileAsync(const std::filesystem::path& path, UploadOptions options,
                              std::function<void(Result<std::string>)> done) const {
  auto source = internal::OpenFileSource(path);
  if (!source) return done(source.error());
  internal::StartUpload(owner_->core(), std::move(*source), std::move(options), std::move(done));
}

Result<std::string> Storage::UploadFile(const std::filesystem::path& path, UploadOptions options) const {
  return internal::Await<std::string>(
      owner_->core(), [&](auto done) { UploadFileAsync(path, std::move(options), std::move(done)); });
}

void Storage::UploadBytesAsync(std::string bytes, UploadOptions options,
                               std::function<void(Result<std::string>)> done) const {
  internal::StartUpload(owner_->core(), internal::MakeBytesSource(std::move(bytes)), std::move(options),
                        std::move(done));
}

Result<std::string> Storage::UploadBytes(std::string bytes, UploadOptions options) const {
  return internal::Await<std::string>(owner_->core(), [&](auto done) {
    UploadBytesAsync(std::move(bytes), std::move(options), std::move(done));
  });
}

void Storage::UploadStreamAsync(std::istream& stream, UploadOptions options,
                                std::function<void(Result<std::string>)> done) const {
  // The stream's source reads part-sized chunks: check the options before making it.
  if (Result<void> ok = internal::CheckUploadOptions(options); !ok) return done(ok.error());
  auto source = internal::MakeStreamSource(stream, options.part_size);
  if (!source) return done(source.error());
  internal::StartUpload(owner_->core(), std::move(*source), std::move(options), std::move(done));
}

Result<std::string> Storage::UploadStream(std::istream& stream, UploadOptions options) const {
  return internal::Await<std::string>(
      owner_->core(), [&](auto done) { UploadStreamAsync(stream, std::move(options), std::move(done)); });
}

void Storage::UploadAsync(const File& file, UploadOptions options,
                          std::function<void(Result<std::string>)> done) const {
  switch (file.kind()) {
    case File::Kind::kUrl:
    case File::Kind::kDataUri:
      if (file.url().empty()) return done(Error(ErrorCode::kInvalidArgument, "the file to upload is empty"));
      return done(file.url());
    case File::Kind::kPath:
      return UploadFileAsync(file.path(), internal::OptionsForFile(file, std::move(options)),
                             std::move(done));
    case File::Kind::kBytes:
      return UploadBytesAsync(file.bytes(), internal::OptionsForFile(file, std::move(options)),
                              std::move(done));
  }
}

Result<std::string> Storage::Upload(const File& file, UploadOptions options) const {
  return internal::Await<std::string>(
      owner_->core(), [&](auto done) { UploadAsync(file, std::move(options), std::move(done)); });
}

void Storage::DownloadAsync(const OutputFile& file, const std::filesystem::path& path,
                            DownloadOptions options, std::function<void(Result<std::uint64_t>)> done) const {
  auto sink = internal::OpenFileSink(path, options.overwrite);
  if (!sink) return done(sink.error());
  internal::StartDownload(owner_->core(), file, std::move(*sink), std::move(options), std::move(done));
}

Result<std::uint64_t> Storage::Download(const OutputFile& file, const std::filesystem::path& path,
                                        DownloadOptions options) const {
  return internal::Await<std::uint64_t>(
      owner_->core(), [&](auto done) { DownloadAsync(file, path, std::move(options), std::move(done)); });
}

void Storage::DownloadToAsync(const OutputFile& file, std::ostream& out, DownloadOptions options,
                              std::function<void(Result<std::uint64_t>)> done) const {
  internal::StartDownload(owner_->core(), file, internal::MakeStreamSink(out), std::move(options),
                          std::move(done));
}

Result<std::uint64_t> Storage::DownloadTo(const OutputFile& file, std::ostream& out,
                                          DownloadOptions options) const {
  return internal::Await<std::uint64_t>(
      owner_->core(), [&](auto done) { DownloadToAsync(file, out, std::move(options), std::move(done)); });
}

}  // namespace fal
