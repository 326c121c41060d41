#pragma once
// Where downloaded bytes go: a temporary file renamed into place once complete, or a caller's stream.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string_view>

#include "fal/result.hpp"

namespace fal::internal {

class DownloadSink {
 public:
  virtual ~DownloadSink() = default;
  /// Before the first byte of an attempt that sends the whole file (the first, or a retry the server did
  /// not answer with the range asked): start again from the first byte. A retry answered with the range
  /// asked (206) does not restart: its bytes follow those written.
  virtual Result<void> Restart() = 0;
  virtual Result<void> Write(std::string_view chunk) = 0;
  /// Every byte is in: make the result visible (flush, sync, rename into place).
  virtual Result<void> Commit() = 0;
  /// The download failed: drop what was written, so no partial file remains.
  virtual void Abandon() = 0;
};

/// Writes to "<path>.<random>.part" and renames it to `path` on Commit; without `overwrite`, an existing
/// `path` is an error, now and at the rename. Errors: kInvalidArgument (exists, a directory, cannot create
/// the temporary file).
Result<std::unique_ptr<DownloadSink>> OpenFileSink(const std::filesystem::path& path, bool overwrite);

/// Writes to `out`; a restart after bytes were written seeks back when the stream can, else fails.
std::unique_ptr<DownloadSink> MakeStreamSink(std::ostream& out);

}  // namespace fal::internal
