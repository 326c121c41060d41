#include "storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "time_util.hpp"

namespace fal::emulator {
namespace {

constexpr std::size_t kWriteBuffer = 1 << 20;
constexpr std::int64_t kUploadUrlLifetimeS = 3600;

std::string PercentEncode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

std::string StripQuotes(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  return text;
}

}  // namespace

Blob::~Blob() {
  if (!path.empty()) unlink(path.c_str());
}

BlobWriter::BlobWriter(std::string path, bool hash)
    : path_(std::move(path)), fd_(open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
  ok_ = fd_ >= 0;
  buffer_.reserve(kWriteBuffer);
  if (hash) hash_ = std::make_unique<Sha256Stream>();
}

BlobWriter::~BlobWriter() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(path_.c_str());
}

bool BlobWriter::Flush() {
  std::size_t done = 0;
  while (ok_ && done < buffer_.size()) {
    const ssize_t n = write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n <= 0) {
      ok_ = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
  return ok_;
}

bool BlobWriter::Write(const char* data, std::size_t size) {
  if (!ok_) return false;
  if (hash_) hash_->Update(data, size);
  size_ += size;
  // httplib hands over a few KB at a time; batching into 1 MiB writes keeps syscalls off the hot path.
  if (buffer_.size() + size > kWriteBuffer && !Flush()) return false;
  if (size >= kWriteBuffer) {
    buffer_.assign(data, size);
    return Flush();
  }
  buffer_.append(data, size);
  return true;
}

bool BlobWriter::Finish() {
  Flush();
  if (fd_ >= 0 && close(fd_) != 0) ok_ = false;
  fd_ = -1;
  return ok_;
}

std::string BlobWriter::Sha256Hex() { return hash_ ? hash_->FinishHex() : std::string(); }

std::unique_ptr<FileStore> FileStore::Open(const std::string& dir, const unsigned char* sample,
                                           std::size_t sample_size, RandomSource& random,
                                           std::string* error) {
  std::string path = dir;
  bool owns = false;
  if (path.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/fal-emulator-XXXXXX";
    if (!mkdtemp(pattern.data())) {
      if (error) *error = "cannot create a temporary data directory under " + pattern;
      return nullptr;
    }
    path = pattern;
    owns = true;
  } else {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (!std::filesystem::is_directory(path, ec)) {
      if (error) *error = "--data-dir " + path + " is not a directory that can be created";
      return nullptr;
    }
  }
  std::unique_ptr<FileStore> store(new FileStore(path, owns, random));
  auto blob = std::make_shared<Blob>();
  blob->memory = sample;
  blob->size = sample_size;
  store->sample_ = std::move(blob);
  return store;
}

FileStore::FileStore(std::string dir, bool owns_dir, RandomSource& random)
    : dir_(std::move(dir)), owns_dir_(owns_dir), random_(random), secret_(random.NewToken(32)) {}

FileStore::~FileStore() {
  Clear();
  if (owns_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string FileStore::NextPath(const char* kind) {
  return dir_ + "/" + kind + "-" + std::to_string(counter_.fetch_add(1));
}

std::string FileStore::Sign(const std::string& id, const std::string& expires) const {
  return HmacSha256Hex(secret_, id + "." + expires);
}

UploadTicket FileStore::Initiate(const std::string& base_url, std::string content_type, std::string file_name,
                                 bool multipart) {
  UploadTicket ticket;
  ticket.id = random_.NewToken(20);
  if (content_type.empty()) content_type = "application/octet-stream";
  if (file_name.empty()) file_name = "upload.bin";
  const std::string expires = std::to_string(UnixSecondsNow() + kUploadUrlLifetimeS);
  ticket.upload_url = base_url + "/uploads/" + ticket.id + "?X-Emulator-Expires=" + expires +
                      "&X-Emulator-Signature=" + Sign(ticket.id, expires);
  ticket.file_url = base_url + "/files/" + ticket.id + "/" + PercentEncode(file_name);
  std::lock_guard<std::mutex> lock(mutex_);
  Upload& upload = uploads_[ticket.id];
  upload.content_type = std::move(content_type);
  upload.file_name = std::move(file_name);
  upload.multipart = multipart;
  return ticket;
}

std::optional<StorageError> FileStore::CheckSignature(const std::string& id, const std::string& expires,
                                                      const std::string& signature) const {
  if (expires.empty() || signature.empty()) {
    return StorageError{
        403, "The upload URL's signature is missing: use upload_url exactly as initiate returned it"};
  }
  if (!ConstantTimeEquals(Sign(id, expires), signature)) {
    return StorageError{403, "The upload URL's signature does not match"};
  }
  char* end = nullptr;
  const long long until = std::strtoll(expires.c_str(), &end, 10);
  if (*end != '\0' || until < UnixSecondsNow()) return StorageError{403, "The upload URL has expired"};
  return std::nullopt;
}

std::string FileStore::CdnUploadId(const std::string& id) const {
  return Sign(id, "cdn-multipart").substr(0, 32);
}

bool FileStore::CheckCdnUploadId(const std::string& id, const std::string& upload_id) const {
  return ConstantTimeEquals(CdnUploadId(id), upload_id);
}

bool FileStore::KnowsUpload(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return uploads_.count(id) > 0;
}

std::unique_ptr<BlobWriter> FileStore::NewWriter(bool hash) {
  return std::make_unique<BlobWriter>(NextPath("tmp"), hash);
}

std::shared_ptr<const Blob> FileStore::AdoptFile(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return nullptr;
  auto blob = std::make_shared<Blob>();
  blob->path = path;
  blob->size = static_cast<std::uint64_t>(info.st_size);
  return blob;
}

namespace {

// Streams a blob's bytes (its file, memory or parts, in order) into a writer.
bool CopyBlob(const Blob& blob, BlobWriter& writer) {
  if (blob.memory != nullptr) return writer.Write(reinterpret_cast<const char*>(blob.memory), blob.size);
  if (!blob.path.empty()) {
    const int fd = open(blob.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::string buffer(kWriteBuffer, '\0');
    bool ok = true;
    for (;;) {
      const ssize_t n = read(fd, buffer.data(), buffer.size());
      if (n == 0) break;
      if (n < 0 || !writer.Write(buffer.data(), static_cast<std::size_t>(n))) {
        ok = false;
        break;
      }
    }
    close(fd);
    return ok;
  }
  for (const auto& part : blob.parts) {
    if (!CopyBlob(*part, writer)) return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<const Blob> FileStore::AsSingleFile(std::shared_ptr<const Blob> blob) {
  if (!blob->path.empty()) return blob;
  BlobWriter writer(NextPath("copy"), false);
  if (!CopyBlob(*blob, writer) || !writer.Finish()) return nullptr;
  return AdoptWriter(writer);
}

std::shared_ptr<const Blob> FileStore::AdoptWriter(BlobWriter& writer) {
  auto blob = std::make_shared<Blob>();
  blob->path = writer.path();
  blob->size = writer.size();
  writer.Release();
  return blob;
}

std::optional<StorageError> FileStore::CommitUpload(const std::string& id, BlobWriter& writer,
                                                    const std::string& content_type) {
  if (!writer.Finish()) return StorageError{500, "Could not write the upload to disk"};
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = uploads_.find(id);
  if (it == uploads_.end()) return StorageError{404, "Unknown upload"};
  if (it->second.multipart) {
    return StorageError{
        400, "This is a multipart upload: PUT parts to {upload path}/{n}, then POST {upload path}/complete"};
  }
  auto file = std::make_shared<StoredFile>();
  file->id = id;
  file->file_name = it->second.file_name;
  file->content_type = content_type.empty() ? it->second.content_type : content_type;
  file->blob = AdoptWriter(writer);
  files_[id] = std::move(file);
  return std::nullopt;
}

std::variant<std::string, StorageError> FileStore::CommitPart(const std::string& id, int part_number,
                                                              BlobWriter& writer) {
  if (!writer.Finish()) return StorageError{500, "Could not write the part to disk"};
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = uploads_.find(id);
  if (it == uploads_.end()) return StorageError{404, "Unknown upload"};
  if (!it->second.multipart) {
    return StorageError{400, "This is a single upload: PUT the whole file to upload_url"};
  }
  if (it->second.completed_url) return StorageError{400, "This upload is already complete"};
  // Opaque, like S3's: it only has to change whenever the part's bytes are sent again.
  std::string etag = random_.NewToken(24);
  it->second.parts[part_number] = Part{AdoptWriter(writer), etag};
  return etag;
}

std::variant<std::string, StorageError> FileStore::Complete(const std::string& id,
                                                            const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("parts") || !body["parts"].is_array() || body["parts"].empty()) {
    return StorageError{400, "Expected {\"parts\":[{\"partNumber\":1,\"etag\":\"...\"},...]}"};
  }
  std::map<int, std::string> listed;
  for (const auto& part : body["parts"]) {
    if (!part.is_object() || !part.contains("partNumber") || !part["partNumber"].is_number_integer() ||
        !part.contains("etag") || !part["etag"].is_string()) {
      return StorageError{400, "Each part needs an integer partNumber and a string etag"};
    }
    const int number = part["partNumber"].get<int>();
    if (!listed.emplace(number, StripQuotes(part["etag"].get<std::string>())).second) {
      return StorageError{400, "Part " + std::to_string(number) + " is listed twice"};
    }
  }

  // The parts become the file as they are: nothing is copied, so a complete of any size is instant.
  auto blob = std::make_shared<Blob>();
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = uploads_.find(id);
  if (it == uploads_.end()) return StorageError{404, "Unknown upload"};
  Upload& upload = it->second;
  if (!upload.multipart) return StorageError{400, "This is a single upload, not a multipart one"};
  if (upload.completed_url) return *upload.completed_url;  // a retried complete succeeds again
  int expected = 1;
  for (const auto& [number, etag] : listed) {
    if (number != expected) {
      return StorageError{400, "Part " + std::to_string(expected) +
                                   " is missing: parts must be numbered 1.." + std::to_string(listed.size()) +
                                   " without gaps"};
    }
    const auto part = upload.parts.find(number);
    if (part == upload.parts.end()) {
      return StorageError{400, "Part " + std::to_string(number) + " was never uploaded"};
    }
    if (part->second.etag != etag) {
      return StorageError{
          400, "The etag of part " + std::to_string(number) + " does not match the one its upload returned"};
    }
    blob->parts.push_back(part->second.blob);
    blob->size += part->second.blob->size;
    ++expected;
  }
  auto file = std::make_shared<StoredFile>();
  file->id = id;
  file->file_name = upload.file_name;
  file->content_type = upload.content_type;
  file->blob = std::move(blob);
  upload.parts.clear();
  upload.completed_url = "/files/" + id + "/" + PercentEncode(upload.file_name);
  files_[id] = std::move(file);
  return *upload.completed_url;
}

std::shared_ptr<const StoredFile> FileStore::Find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = files_.find(id);
  return it == files_.end() ? nullptr : it->second;
}

std::shared_ptr<const StoredFile> FileStore::FindByUrl(const std::string& url, int own_port) const {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return nullptr;
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http") return nullptr;
  const auto path_start = url.find('/', scheme_end + 3);
  if (path_start == std::string::npos) return nullptr;
  const std::string authority = url.substr(scheme_end + 3, path_start - scheme_end - 3);
  const auto colon = authority.rfind(':');
  int port = 80;
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    port = std::atoi(authority.c_str() + colon + 1);
  }
  if (port != own_port) return nullptr;
  const std::string prefix = "/files/";
  if (url.compare(path_start, prefix.size(), prefix) != 0) return nullptr;
  const auto id_start = path_start + prefix.size();
  const auto id_end = url.find_first_of("/?#", id_start);
  return Find(url.substr(id_start, id_end == std::string::npos ? std::string::npos : id_end - id_start));
}

std::shared_ptr<const StoredFile> FileStore::AddGenerated(std::shared_ptr<const Blob> blob,
                                                          std::string file_name, std::string content_type) {
  auto file = std::make_shared<StoredFile>();
  file->id = random_.NewToken(20);
  file->file_name = std::move(file_name);
  file->content_type = std::move(content_type);
  file->blob = std::move(blob);
  std::lock_guard<std::mutex> lock(mutex_);
  files_[file->id] = file;
  return file;
}

std::string FileStore::FileUrl(const std::string& base_url, const StoredFile& file) {
  return base_url + "/files/" + file.id + "/" + PercentEncode(file.file_name);
}

std::string FileStore::ReadAll(const Blob& blob) {
  if (blob.memory) return std::string(reinterpret_cast<const char*>(blob.memory), blob.size);
  if (!blob.parts.empty()) {
    std::string bytes;
    bytes.reserve(blob.size);
    for (const auto& part : blob.parts) bytes += ReadAll(*part);
    return bytes;
  }
  std::string bytes(blob.size, '\0');
  const int fd = open(blob.path.c_str(), O_RDONLY | O_CLOEXEC);
  std::size_t done = 0;
  while (fd >= 0 && done < bytes.size()) {
    const ssize_t n = pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (fd >= 0) close(fd);
  bytes.resize(done);
  return bytes;
}

void FileStore::Clear() {
  std::unordered_map<std::string, Upload> uploads;
  std::unordered_map<std::string, std::shared_ptr<const StoredFile>> files;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    uploads.swap(uploads_);
    files.swap(files_);
  }
  // Blobs (and their files) go when these maps do, outside the lock.
}

}  // namespace fal::emulator
