#include "storage/download_sink.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <random>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fal::internal {
namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

std::string Quoted(const std::filesystem::path& p) { return "\"" + p.string() + "\""; }

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

// Renames without replacing an existing file: atomically where the kernel and filesystem support it,
// else with a check just before (a small window, but no silent overwrite in the common case).
int RenameNoReplace(const char* from, const char* to) {
#ifdef RENAME_NOREPLACE
  if (::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
  struct stat st {};
  if (::lstat(to, &st) == 0) {
    errno = EEXIST;
    return -1;
  }
  return std::rename(from, to);
}

class FileSink : public DownloadSink {
 public:
  FileSink(std::filesystem::path final_path, std::filesystem::path temp_path, std::FILE* file, bool overwrite)
      : final_(std::move(final_path)), temp_(std::move(temp_path)), file_(file), overwrite_(overwrite),
        buffer_(new char[kBufferSize]) {
    // A large stdio buffer turns curl's 16 KiB chunks into few, large writes.
    std::setvbuf(file_, buffer_.get(), _IOFBF, kBufferSize);
  }

  ~FileSink() override {
    if (!committed_) Abandon();
  }

  Result<void> Restart() override {
    if (written_ == 0) return {};
    if (std::fflush(file_) != 0 || ::ftruncate(::fileno(file_), 0) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) {
      return Error(ErrorCode::kInvalidArgument, "cannot rewind " + Quoted(temp_) + " to retry the download: " +
                                                    std::strerror(errno));
    }
    written_ = 0;
    return {};
  }

  Result<void> Write(std::string_view chunk) override {
    if (std::fwrite(chunk.data(), 1, chunk.size(), file_) != chunk.size()) return WriteError();
    written_ += chunk.size();
    return {};
  }

  Result<void> Commit() override {
    // Flushed and synced before the rename, so that even a crash cannot leave the final name pointing at
    // a file whose data never reached the disk.
    if (std::fflush(file_) != 0 || ::fdatasync(::fileno(file_)) != 0) return WriteError();
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0) return WriteError();
    int rc = overwrite_ ? std::rename(temp_.c_str(), final_.c_str()) : RenameNoReplace(temp_.c_str(), final_.c_str());
    if (rc != 0) {
      const int e = errno;
      std::string why = e == EEXIST ? Quoted(final_) + " appeared during the download and was left alone; set "
                                                       "DownloadOptions::overwrite to replace it"
                                    : std::string("cannot rename the download into place: ") + std::strerror(e);
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
    if (!committed_) ::unlink(temp_.c_str());
    committed_ = true;  // nothing left to clean up
  }

 private:
  static constexpr std::size_t kBufferSize = 1 << 20;

  Error WriteError() const {
    const int e = errno;
    return Invalid("writing the download to " + Quoted(temp_) + " failed: " + std::strerror(e) +
                   (e == ENOSPC ? " (the disk is full)" : ""));
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
    return Error(ErrorCode::kUnavailable,
                 "the download broke off after " + std::to_string(written_) +
                     " bytes had been written to the output stream, which cannot seek back, so it was not retried "
                     "(that would write the bytes twice); download to a path, or to a seekable stream, to get "
                     "retries");
  }

  Result<void> Write(std::string_view chunk) override {
    out_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (!out_) {
      return Invalid("writing the download to the output stream failed after " + std::to_string(written_) + " bytes");
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
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    const int e = errno;
    return Invalid("cannot create " + Quoted(temp) + " for the download: " + std::strerror(e) +
                   (e == ENOENT ? " (does the directory exist?)" : ""));
  }
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    const int e = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return Invalid("cannot open " + Quoted(temp) + " for the download: " + std::strerror(e));
  }
  return std::unique_ptr<DownloadSink>(std::make_unique<FileSink>(path, std::move(temp), file, overwrite));
}

std::unique_ptr<DownloadSink> MakeStreamSink(std::ostream& out) { return std::make_unique<StreamSink>(out); }

}  // namespace fal::internal
