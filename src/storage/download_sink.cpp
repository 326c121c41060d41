#include "storage/download_sink.hpp"

#include <cstdio>
#include <ostream>
#include <random>
#include <string>

#include "platform/file_io.hpp"

namespace fal::internal {
namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

std::string Quoted(const std::filesystem::path& p) { return "\"" + platform::PathToUtf8(p) + "\""; }

std::string RandomSuffix() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::uint32_t v = rd();
  std::string s(8, '0');
  for (char& c : s) {
    c = kHex[v & 15];
    v >>= 4;
  }
  return s;
}

class FileSink : public DownloadSink {
 public:
  FileSink(std::filesystem::path final_path, std::filesystem::path temp_path, std::FILE* file, bool overwrite)
      : final_(std::move(final_path)),
        temp_(std::move(temp_path)),
        file_(file),
        overwrite_(overwrite),
        buffer_(new char[kBufferSize]) {
    // A large stdio buffer turns curl's 16 KiB chunks into few, large writes.
    std::setvbuf(file_, buffer_.get(), _IOFBF, kBufferSize);
  }

  ~FileSink() override {
    if (!committed_) Abandon();
  }

  Result<void> Restart() override {
    if (written_ == 0) return {};
    platform::OsError error;
    if (std::fflush(file_) != 0 || !platform::TruncateFile(file_, error) ||
        std::fseek(file_, 0, SEEK_SET) != 0) {
      return Error(ErrorCode::kInvalidArgument,
                   "cannot rewind " + Quoted(temp_) + " to retry the download: " + ErrorText(error));
    }
    written_ = 0;
    return {};
  }

  Result<void> Write(std::string_view chunk) override {
    if (std::fwrite(chunk.data(), 1, chunk.size(), file_) != chunk.size()) return WriteError({});
    written_ += chunk.size();
    return {};
  }

  Result<void> Commit() override {
    // Flushed and synced before the rename, so that even a crash cannot leave the final name pointing at
    // a file whose data never reached the disk.
    platform::OsError error;
    if (std::fflush(file_) != 0) return WriteError({});
    if (!platform::SyncFile(file_, error)) return WriteError(error);
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0) return WriteError({});
    if (!platform::RenameFile(temp_, final_, overwrite_, error)) {
      std::string why = error.kind == platform::OsError::Kind::kExists
                            ? Quoted(final_) +
                                  " appeared during the download and was left alone; set "
                                  "DownloadOptions::overwrite to replace it"
                            : "cannot rename the download into place: " + error.message;
      return Invalid("download to " + Quoted(final_) + ": " + why);
    }
    committed_ = true;
    return {};
  }

  void Abandon() override {
    if (file_ != nullptr) {
      std::fclose(file_);
      file_ = nullptr;
    }
    if (!committed_) platform::RemoveFile(temp_);
    committed_ = true;  // nothing left to clean up
  }

 private:
  static constexpr std::size_t kBufferSize = 1 << 20;

  // stdio's failures leave their reason in errno; the platform layer's come in `error`.
  static std::string ErrorText(platform::OsError error) {
    if (error.message.empty()) error = platform::LastStdioError();
    return error.message + (error.kind == platform::OsError::Kind::kNoSpace ? " (the disk is full)" : "");
  }

  Error WriteError(const platform::OsError& error) const {
    return Invalid("writing the download to " + Quoted(temp_) + " failed: " + ErrorText(error));
  }

  std::filesystem::path final_, temp_;
  std::FILE* file_;
  bool overwrite_;
  std::unique_ptr<char[]> buffer_;
  std::uint64_t written_ = 0;
  bool committed_ = false;
};

class StreamSink : public DownloadSink {
 public:
  explicit StreamSink(std::ostream& out) : out_(out), start_(out.tellp()) {}

  Result<void> Restart() override {
    if (written_ == 0) return {};
    if (start_ != std::ostream::pos_type(-1)) {
      out_.clear();
      out_.seekp(start_);
      if (out_) {
        written_ = 0;
        return {};
      }
    }
    return Error(
        ErrorCode::kUnavailable,
        "the download broke off after " + std::to_string(written_) +
            " bytes had been written to the output stream, which cannot seek back, so it was not retried "
            "(that would write the bytes twice); download to a path, or to a seekable stream, to get "
            "retries");
  }

  Result<void> Write(std::string_view chunk) override {
    out_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (!out_) {
      return Invalid("writing the download to the output stream failed after " + std::to_string(written_) +
                     " bytes");
    }
    written_ += chunk.size();
    return {};
  }

  Result<void> Commit() override {
    out_.flush();
    if (!out_) return Invalid("flushing the output stream failed");
    return {};
  }

  void Abandon() override {}

 private:
  std::ostream& out_;
  std::ostream::pos_type start_;
  std::uint64_t written_ = 0;
};

}  // namespace

Result<std::unique_ptr<DownloadSink>> OpenFileSink(const std::filesystem::path& path, bool overwrite) {
  if (path.empty()) return Invalid("download destination is empty: give a file path");
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    return Invalid("download destination " + Quoted(path) + " is a directory: give a file path inside it");
  }
  if (std::filesystem::exists(status) && !overwrite) {
    return Invalid("download destination " + Quoted(path) + " already exists and was left alone")
        .WithAdvice(Advice::kAllowOverwrite);
  }
  std::filesystem::path temp = path;
  temp += "." + RandomSuffix() + ".part";
  platform::OsError error;
  std::FILE* file = platform::CreateNewFile(temp, error);
  if (file == nullptr) {
    return Invalid("cannot create " + Quoted(temp) + " for the download: " + error.message +
                   (error.kind == platform::OsError::Kind::kNotFound ? " (does the directory exist?)" : ""));
  }
  return std::unique_ptr<DownloadSink>(std::make_unique<FileSink>(path, std::move(temp), file, overwrite));
}

std::unique_ptr<DownloadSink> MakeStreamSink(std::ostream& out) { return std::make_unique<StreamSink>(out); }

}  // namespace fal::internal
