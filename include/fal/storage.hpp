#pragma once
/// @file
/// fal::Storage: uploads to fal's storage (single and multipart, streamed from disk) and downloads of
/// output files (streamed to disk, all-or-nothing). Reached through fal::Client::Storage().

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "fal/call_options.hpp"
#include "fal/export.hpp"
#include "fal/file.hpp"
#include "fal/object_lifecycle.hpp"
#include "fal/result.hpp"

namespace fal {

namespace internal {
class ClientOwner;
}

/// Progress of a transfer: bytes moved so far, and the total (0 while unknown). Runs on an engine thread,
/// never for two calls of one transfer at once; it must not block.
using ProgressCallback = std::function<void(std::uint64_t done, std::uint64_t total)>;

/// Options of an upload.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT UploadOptions {
  /// Sent as the file's Content-Type. Empty: sniffed from the first bytes (MP4, MOV, WebM, MKV, PNG, JPEG,
  /// GIF, WebP, WAV, MP3, safetensors and more), else from the file name's extension, else
  /// application/octet-stream.
  std::string content_type;
  /// The stored file's name (it appears in the file URL). Empty: the path's file name, else
  /// "upload.<ext>" for the content type.
  std::string file_name;
  /// Expiry and ACL of the stored file (sent as X-Fal-Object-Lifecycle). Unset: fal's default.
  std::optional<ObjectLifecycle> lifecycle;
  /// Files larger than this go up in parts. fal's JS client uses 90 MiB.
  std::uint64_t multipart_threshold = 90ull << 20;
  /// Size of each part of a multipart upload (the last one may be smaller). At least 1 byte; fal's
  /// storage may require 5 MiB for all parts but the last, as S3 does.
  std::uint64_t part_size = 10ull << 20;
  /// Parts in flight at once. Memory stays within part_size x parallelism whatever the file size (and is
  /// far less for files and seekable streams, which are read as they are sent).
  int parallelism = 4;
  /// Bytes sent so far and the total (0 while a stream's size is unknown).
  ProgressCallback on_progress;
  /// Cancellation, deadline of the whole upload, retry policy of each request (each part is retried on
  /// its own).
  CallOptions call;
};

/// Options of a download.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT DownloadOptions {
  /// Bytes received so far and the total (from Content-Length or the output's file_size; 0 if unknown).
  ProgressCallback on_progress;
  /// Cancellation, deadline and retry policy. A retry asks for the rest of the file only (Range) when the
  /// server serves ranges (Accept-Ranges: bytes), and starts again from the first byte when it does not.
  CallOptions call;
  /// Replace an existing file at the destination. False: an existing file is an error and is left alone.
  bool overwrite = false;
};

/// Uploads to and downloads from fal's storage, on the client's engine.
///
/// Uploads: initiate on the rest host (with the API key), then the bytes go to the signed upload URL
/// that fal returns, without the key. Files above UploadOptions::multipart_threshold go up in parts of
/// part_size, `parallelism` at a time, each read from disk as it is sent and retried on its own; then
/// the parts are completed in ascending order.
///
/// Downloads stream to "<path>.<random>.part" in bounded memory and rename it to `path` only once every
/// byte has arrived (and the count matches the output's file_size when it states one), so a failed
/// download never leaves a truncated file under the final name. No Authorization goes to download hosts.
///
/// @code
/// fal::Client client;
/// fal::Result<std::string> url = client.Storage().UploadFile("blockout.mp4");
/// if (!url) { std::cerr << url.error().ToString() << "\n"; return 1; }
/// input.video_url = *url;
/// ...
/// auto out = client.Subscribe(input);
/// client.Storage().Download(out->video, "render.mp4").value();
/// @endcode
///
/// @par Thread safety
/// Cheap to copy; keeps the client's engine alive. All member functions are const and safe to call from
/// many threads at once. Blocking forms must not be called from a falcpp callback (they return
/// kInternal there): use the Async forms.
class FALCPP_EXPORT Storage {
 public:
  /// Uploads a local file and returns its URL on fal's storage. The file is read as it is sent (never held
  /// in memory) and must not change during the upload.
  /// Errors: kInvalidArgument (missing or unreadable file, bad options, 4xx), kUnauthenticated,
  /// kPermissionDenied, kUnavailable, kDeadlineExceeded, kCancelled, kMalformedResponse.
  Result<std::string> UploadFile(const std::filesystem::path& path, UploadOptions options = {}) const;
  /// As UploadFile; `done` runs once, on an engine thread (or on this thread for an immediate error).
  void UploadFileAsync(const std::filesystem::path& path, UploadOptions options,
                       std::function<void(Result<std::string>)> done) const;

  /// Uploads bytes in memory (moved in; not copied again, retries included).
  /// Errors: those of UploadFile.
  Result<std::string> UploadBytes(std::string bytes, UploadOptions options = {}) const;
  /// As UploadBytes; `done` runs once, on an engine thread (or on this thread for an immediate error).
  void UploadBytesAsync(std::string bytes, UploadOptions options,
                        std::function<void(Result<std::string>)> done) const;

  /// Uploads what `stream` yields from its current position to its end. A seekable stream (a file, a
  /// string stream) is read as it is sent, with its size known up front. Any other (a pipe) is read one
  /// part at a time into at most `parallelism` buffers; its upload is single when it ends within the
  /// first part, else multipart whatever multipart_threshold says (its size is unknown in advance).
  /// The stream is read on engine threads: it must stay alive, and untouched by others, until the
  /// upload ends. Errors: those of UploadFile, and kInvalidArgument when the stream fails to read.
  Result<std::string> UploadStream(std::istream& stream, UploadOptions options = {}) const;
  /// As UploadStream; `done` runs once, on an engine thread (or on this thread for an immediate error).
  void UploadStreamAsync(std::istream& stream, UploadOptions options,
                         std::function<void(Result<std::string>)> done) const;

  /// Uploads a File that is a local path or bytes (its content type and file name apply unless `options`
  /// set them). A URL or data URI is returned unchanged, without any request.
  Result<std::string> Upload(const File& file, UploadOptions options = {}) const;
  /// As Upload; `done` runs once, on an engine thread (or on this thread for an immediate error).
  void UploadAsync(const File& file, UploadOptions options,
                   std::function<void(Result<std::string>)> done) const;

  /// Downloads an output file (or a VideoFile) to `path`, which appears only once complete. A data URI
  /// (sync_mode outputs) is decoded to the file the same way. Returns the number of bytes written.
  /// Errors: kInvalidArgument (empty URL, `path` exists and overwrite is off, the directory cannot be
  /// written, a malformed data URI), kMalformedResponse (the byte count differs from file_size),
  /// kNotFound, kUnavailable, kDeadlineExceeded, kCancelled.
  Result<std::uint64_t> Download(const OutputFile& file, const std::filesystem::path& path,
                                 DownloadOptions options = {}) const;
  /// As Download; `done` runs once, on an engine thread (or on this thread for an immediate error).
  void DownloadAsync(const OutputFile& file, const std::filesystem::path& path, DownloadOptions options,
                     std::function<void(Result<std::uint64_t>)> done) const;

  /// Downloads an output file into `out`, written as the bytes arrive. A retry that the server answers with
  /// the rest of the file (Range) continues `out`; one that sends the whole file again rewinds `out` when it
  /// can seek, else the call fails (kUnavailable) rather than write the same bytes twice. `out` must stay
  /// alive until the call ends. overwrite is ignored.
  Result<std::uint64_t> DownloadTo(const OutputFile& file, std::ostream& out,
                                   DownloadOptions options = {}) const;
  /// As DownloadTo; `done` runs once, on an engine thread (or on this thread for an immediate error).
  void DownloadToAsync(const OutputFile& file, std::ostream& out, DownloadOptions options,
                       std::function<void(Result<std::uint64_t>)> done) const;

 private:
  friend class Client;  // made by Client::Storage()
  explicit Storage(std::shared_ptr<internal::ClientOwner> owner);

  std::shared_ptr<internal::ClientOwner> owner_;
};

}  // namespace fal
