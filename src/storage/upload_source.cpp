#include "storage/upload_source.hpp"

#include <algorithm>
#include <cstring>
#include <istream>
#include <mutex>

#include "platform/file_io.hpp"
#include "storage/content_type.hpp"

namespace fal::internal {
namespace {

Error ReadError(const std::string& what, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument, what + ": " + why);
}

class FileSource : public UploadSource {
 public:
  // The file is shared by the request bodies that read it and closed when the last one goes away.
  FileSource(std::shared_ptr<platform::ReadOnlyFile> file, std::string head, std::string name)
      : file_(std::move(file)), size_(file_->size()), head_(std::move(head)), name_(std::move(name)) {}

  std::optional<std::uint64_t> size() const override { return size_; }
  const std::string& head() const override { return head_; }
  std::string suggested_name() const override { return name_; }
  bool random_access() const override { return true; }

  Result<http::BodySource> Range(std::uint64_t offset, std::uint64_t length) override {
    const std::uint64_t begin = std::min(offset, size_);
    const std::uint64_t n = std::min(length, size_ - begin);
    http::BodySource body;
    body.size = n;
    // Positional reads, so that several parts can read the file at once without sharing a file offset.
    body.read = [file = file_, begin, n](std::uint64_t at, char* buffer, std::size_t max) -> std::int64_t {
      if (at >= n) return 0;
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(max, n - at));
      platform::OsError error;
      std::int64_t got = file->ReadAt(begin + at, buffer, want, error);
      // Zero bytes before the end means the file shrank under us: fail rather than send a short body.
      return got == 0 && want > 0 ? -1 : got;
    };
    return body;
  }

 private:
  std::shared_ptr<platform::ReadOnlyFile> file_;
  std::uint64_t size_;
  std::string head_;
  std::string name_;
};

class BytesSource : public UploadSource {
 public:
  explicit BytesSource(std::string bytes)
      : bytes_(std::make_shared<const std::string>(std::move(bytes))),
        head_(bytes_->substr(0, kSniffBytes)) {}

  std::optional<std::uint64_t> size() const override { return bytes_->size(); }
  const std::string& head() const override { return head_; }
  bool random_access() const override { return true; }

  Result<http::BodySource> Range(std::uint64_t offset, std::uint64_t length) override {
    const std::uint64_t size = bytes_->size();
    const std::uint64_t begin = std::min(offset, size);
    const std::uint64_t n = std::min(length, size - begin);
    http::BodySource body;
    body.size = n;
    body.read = [bytes = bytes_, begin, n](std::uint64_t at, char* buffer, std::size_t max) -> std::int64_t {
      if (at >= n) return 0;
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(max, n - at));
      std::memcpy(buffer, bytes->data() + begin + at, want);
      return static_cast<std::int64_t>(want);
    };
    return body;
  }

 private:
  std::shared_ptr<const std::string> bytes_;
  std::string head_;
};

// A seekable stream behaves like a file: each read seeks to where it is needed, under a lock, since a
// stream has one position and parts read it from several threads.
class SeekableStreamSource : public UploadSource {
 public:
  struct Shared {
    std::mutex mu;
    std::istream* stream;
    std::uint64_t start;
  };

  SeekableStreamSource(std::shared_ptr<Shared> shared, std::uint64_t size, std::string head)
      : shared_(std::move(shared)), size_(size), head_(std::move(head)) {}

  std::optional<std::uint64_t> size() const override { return size_; }
  const std::string& head() const override { return head_; }
  bool random_access() const override { return true; }

  Result<http::BodySource> Range(std::uint64_t offset, std::uint64_t length) override {
    const std::uint64_t begin = std::min(offset, size_);
    const std::uint64_t n = std::min(length, size_ - begin);
    http::BodySource body;
    body.size = n;
    body.read = [shared = shared_, begin, n](std::uint64_t at, char* buffer,
                                             std::size_t max) -> std::int64_t {
      if (at >= n) return 0;
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(max, n - at));
      std::lock_guard<std::mutex> lock(shared->mu);
      std::istream& s = *shared->stream;
      s.clear();
      s.seekg(static_cast<std::streamoff>(shared->start + begin + at));
      if (!s) return -1;
      s.read(buffer, static_cast<std::streamsize>(want));
      const std::streamsize got = s.gcount();
      if (s.bad() || got <= 0) return -1;
      return got;
    };
    return body;
  }

 private:
  std::shared_ptr<Shared> shared_;
  std::uint64_t size_;
  std::string head_;
};

// A stream that only reads forward (a pipe): each range is read into memory when asked for, in order, and
// the buffer lives as long as the request that sends it (so a retried part re-sends the same bytes).
class ForwardStreamSource : public UploadSource {
 public:
  ForwardStreamSource(std::istream& stream, std::string first, bool ended)
      : stream_(stream),
        first_(std::make_shared<const std::string>(std::move(first))),
        ended_(ended),
        head_(first_->substr(0, kSniffBytes)),
        consumed_(first_->size()) {
    if (ended) size_ = consumed_;
  }

  std::optional<std::uint64_t> size() const override { return size_; }
  const std::string& head() const override { return head_; }
  bool random_access() const override { return false; }

  Result<http::BodySource> Range(std::uint64_t offset, std::uint64_t length) override {
    std::shared_ptr<const std::string> chunk;
    if (offset == 0 && first_) {
      chunk = std::move(first_);
      if (chunk->size() > length)
        return Error(ErrorCode::kInternal, "upload: the first range of a stream shrank");
    } else if (offset != consumed_) {
      return Error(ErrorCode::kInternal, "upload: a forward-only stream was asked for bytes out of order");
    } else if (ended_) {
      chunk = std::make_shared<const std::string>();
    } else {
      auto buffer = std::make_shared<std::string>(length, '\0');
      stream_.read(buffer->data(), static_cast<std::streamsize>(length));
      const std::streamsize got = stream_.gcount();
      if (stream_.bad())
        return ReadError("upload stream",
                         "reading the stream failed after " + std::to_string(consumed_) + " bytes");
      buffer->resize(static_cast<std::size_t>(got));
      consumed_ += static_cast<std::uint64_t>(got);
      if (static_cast<std::uint64_t>(got) < length) ended_ = true;
      chunk = std::move(buffer);
    }
    http::BodySource body;
    body.size = chunk->size();
    body.read = [chunk](std::uint64_t at, char* buffer, std::size_t max) -> std::int64_t {
      if (at >= chunk->size()) return 0;
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(max, chunk->size() - at));
      std::memcpy(buffer, chunk->data() + at, want);
      return static_cast<std::int64_t>(want);
    };
    return body;
  }

 private:
  std::istream& stream_;
  std::shared_ptr<const std::string> first_;
  bool ended_;
  std::string head_;
  std::uint64_t consumed_;
  std::optional<std::uint64_t> size_;  // known only when the stream ended within its first part
};

}  // namespace

Result<std::unique_ptr<UploadSource>> OpenFileSource(const std::filesystem::path& path) {
  const std::string what = "upload of \"" + platform::PathToUtf8(path) + "\"";
  platform::OsError error;
  std::shared_ptr<platform::ReadOnlyFile> file = platform::ReadOnlyFile::Open(path, error);
  if (!file) {
    const bool missing = error.kind == platform::OsError::Kind::kNotFound;
    std::string fix = missing ? " (check the path; relative paths start from the working directory)" : "";
    return ReadError(what, "cannot open the file: " + error.message + fix);
  }
  if (!file->is_regular()) {
    return ReadError(what, "not a regular file (a directory, pipe or device)")
        .WithAdvice(Advice::kGiveRegularFile);
  }
  std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(file->size(), kSniffBytes)), '\0');
  std::size_t have = 0;
  while (have < head.size()) {
    std::int64_t n = file->ReadAt(have, head.data() + have, head.size() - have, error);
    if (n < 0) return ReadError(what, "cannot read the file: " + error.message);
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  head.resize(have);
  return std::unique_ptr<UploadSource>(
      std::make_unique<FileSource>(std::move(file), std::move(head), platform::PathToUtf8(path.filename())));
}

std::unique_ptr<UploadSource> MakeBytesSource(std::string bytes) {
  return std::make_unique<BytesSource>(std::move(bytes));
}

Result<std::unique_ptr<UploadSource>> MakeStreamSource(std::istream& stream, std::uint64_t first_part) {
  if (!stream) return ReadError("upload stream", "the stream is already in a failed state (check it opened)");
  // Seekable when tellg and a seek to the end both work; then the size is known and nothing is buffered.
  const std::istream::pos_type start = stream.tellg();
  if (start != std::istream::pos_type(-1)) {
    stream.seekg(0, std::ios::end);
    const std::istream::pos_type end = stream.tellg();
    if (stream && end != std::istream::pos_type(-1) && end >= start) {
      const auto size = static_cast<std::uint64_t>(end - start);
      std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(size, kSniffBytes)), '\0');
      stream.seekg(start);
      stream.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<std::size_t>(stream.gcount()));
      stream.clear();
      stream.seekg(start);
      auto shared = std::make_shared<SeekableStreamSource::Shared>();
      shared->stream = &stream;
      shared->start = static_cast<std::uint64_t>(static_cast<std::streamoff>(start));
      return std::unique_ptr<UploadSource>(
          std::make_unique<SeekableStreamSource>(shared, size, std::move(head)));
    }
    stream.clear();
    stream.seekg(start);
  }
  stream.clear();
  std::string first(static_cast<std::size_t>(first_part), '\0');
  stream.read(first.data(), static_cast<std::streamsize>(first.size()));
  if (stream.bad()) return ReadError("upload stream", "reading the stream failed");
  first.resize(static_cast<std::size_t>(stream.gcount()));
  bool ended = first.size() < first_part;
  if (!ended) ended = stream.peek() == std::char_traits<char>::eof();
  if (stream.bad()) return ReadError("upload stream", "reading the stream failed");
  stream.clear(stream.rdstate() & ~std::ios::failbit & ~std::ios::eofbit);
  return std::unique_ptr<UploadSource>(
      std::make_unique<ForwardStreamSource>(stream, std::move(first), ended));
}

}  // namespace fal::internal
