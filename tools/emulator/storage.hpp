// fal's storage as the JS client uses it (fal-cdn-v3): initiate returns a signed upload URL and the
// file URL; a PUT to the upload URL stores the bytes; multipart uploads PUT parts to {upload path}/{n}
// and POST {upload path}/complete with the part list. Bytes go to disk as they arrive (uploads of
// several GB must not sit in memory). Files are served under /files/{id}/{name}.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "crypto.hpp"
#include "random_source.hpp"

namespace fal::emulator {

// Stored bytes: a file in the data directory, the bundled sample in memory, or the parts of a
// multipart upload, in order, served as one (completing an upload of a GB then costs nothing: no
// copy). A file is deleted when the last holder (a stored file, an output that reuses it, a download
// in flight, a multipart file made of it) lets go.
struct Blob {
  std::string path;
  const unsigned char* memory = nullptr;
  std::vector<std::shared_ptr<const Blob>> parts;
  std::uint64_t size = 0;

  Blob() = default;
  Blob(const Blob&) = delete;
  Blob& operator=(const Blob&) = delete;
  ~Blob();
};

struct StoredFile {
  std::string id;
  std::string file_name;
  std::string content_type;
  std::shared_ptr<const Blob> blob;
};

// Streams one upload body to a temporary file.
class BlobWriter {
 public:
  BlobWriter(std::string path, bool hash);
  ~BlobWriter();
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;

  bool Write(const char* data, std::size_t size);
  bool Finish();  // flushes and closes; false on a disk error

  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  std::string Sha256Hex();               // empty unless hashing was asked for
  void Release() { committed_ = true; }  // the file now belongs to a Blob

 private:
  bool Flush();

  std::string path_;
  int fd_ = -1;
  std::string buffer_;
  std::uint64_t size_ = 0;
  bool ok_ = true;
  bool committed_ = false;
  std::unique_ptr<Sha256Stream> hash_;
};

struct StorageError {
  int http_status;
  std::string detail;
};

struct UploadTicket {
  std::string id;
  std::string upload_url;
  std::string file_url;
};

class FileStore {
 public:
  // `dir` empty: a fresh temporary directory, removed when the store goes away.
  static std::unique_ptr<FileStore> Open(const std::string& dir, const unsigned char* sample,
                                         std::size_t sample_size, RandomSource& random, std::string* error);
  ~FileStore();

  UploadTicket Initiate(const std::string& base_url, std::string content_type, std::string file_name,
                        bool multipart);
  // The signed query string of an upload URL: X-Emulator-Expires and X-Emulator-Signature.
  std::optional<StorageError> CheckSignature(const std::string& id, const std::string& expires,
                                             const std::string& signature) const;

  std::unique_ptr<BlobWriter> NewWriter(bool hash);
  // PUT {upload_url}: the bytes become the file.
  std::optional<StorageError> CommitUpload(const std::string& id, BlobWriter& writer,
                                           const std::string& content_type);
  // PUT {upload path}/{n}: returns the part's etag.
  std::variant<std::string, StorageError> CommitPart(const std::string& id, int part_number,
                                                     BlobWriter& writer);
  // POST {upload path}/complete with {"parts":[{"partNumber","etag"}...]}: the file is parts 1..N in order.
  std::variant<std::string, StorageError> Complete(const std::string& id, const nlohmann::json& body);
  // CDN v3 multipart: the uploadId that goes with a multipart upload (derived, so nothing more is kept),
  // and whether a given one matches.
  std::string CdnUploadId(const std::string& id) const;
  bool CheckCdnUploadId(const std::string& id, const std::string& upload_id) const;
  // Whether an upload id was ever handed out (unknown ids answer 404, known ones with a bad signature 403).
  bool KnowsUpload(const std::string& id) const;

  std::shared_ptr<const StoredFile> Find(const std::string& id) const;
  // A file URL this emulator serves (http://host:port/files/{id}/...), else nothing: the emulator
  // never fetches URLs outside itself.
  std::shared_ptr<const StoredFile> FindByUrl(const std::string& url, int own_port) const;
  // Registers an output file that reuses stored bytes.
  std::shared_ptr<const StoredFile> AddGenerated(std::shared_ptr<const Blob> blob, std::string file_name,
                                                 std::string content_type);
  std::shared_ptr<const Blob> sample() const { return sample_; }
  // A fresh path in the data directory for a file the emulator writes itself (a rendered output).
  std::string NewFilePath(const char* kind) { return NextPath(kind); }
  // A finished file at a NewFilePath path, as stored bytes (deleted when the last holder lets go).
  static std::shared_ptr<const Blob> AdoptFile(const std::string& path);
  // The blob as one file on disk: itself when it is one, else (the bundled sample, a multipart upload) a
  // copy streamed into the data directory. nullptr on a disk error.
  std::shared_ptr<const Blob> AsSingleFile(std::shared_ptr<const Blob> blob);
  static std::string FileUrl(const std::string& base_url, const StoredFile& file);
  static std::string ReadAll(const Blob& blob);

  void Clear();

 private:
  struct Part {
    std::shared_ptr<const Blob> blob;
    std::string etag;
  };
  struct Upload {
    std::string content_type;
    std::string file_name;
    bool multipart = false;
    std::map<int, Part> parts;
    std::optional<std::string> completed_url;
  };

  FileStore(std::string dir, bool owns_dir, RandomSource& random);
  std::string NextPath(const char* kind);
  std::string Sign(const std::string& id, const std::string& expires) const;
  std::shared_ptr<const Blob> AdoptWriter(BlobWriter& writer);

  const std::string dir_;
  const bool owns_dir_;
  RandomSource& random_;
  const std::string secret_;
  std::shared_ptr<const Blob> sample_;
  std::atomic<std::uint64_t> counter_{0};

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Upload> uploads_;
  std::unordered_map<std::string, std::shared_ptr<const StoredFile>> files_;
};

}  // namespace fal::emulator
