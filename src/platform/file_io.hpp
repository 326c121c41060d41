#pragma once
// Files, the OS way: positional reads that several threads may make at once, exclusive creation, a sync
// that reaches the disk, and renames that replace or refuse to. Paths are std::filesystem::path, which
// holds UTF-16 on Windows (opened with the wide API there) and bytes on POSIX (any bytes, valid UTF-8
// or not). Every call reports failure with the OS's own words; none throws.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace fal::platform {

/// Why an OS call failed: the kinds callers explain to users, and the OS's message.
struct OsError {
  enum class Kind { kOther, kNotFound, kExists, kNoSpace };
  Kind kind = Kind::kOther;
  std::string message;
};

/// A path as UTF-8 for messages and names (on POSIX, its bytes as they are).
std::string PathToUtf8(const std::filesystem::path& path);
/// A UTF-8 string as a path (converted to UTF-16 on Windows).
std::filesystem::path PathFromUtf8(const std::string& utf8);

/// A file opened read-only. ReadAt may be called from several threads at once: each read names its
/// offset, and there is no shared file position (pread; ReadFile with an offset).
class ReadOnlyFile {
 public:
  /// Opens `path`; nullptr with `error` set when it cannot.
  static std::unique_ptr<ReadOnlyFile> Open(const std::filesystem::path& path, OsError& error);
  ~ReadOnlyFile();
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;

  /// False for a directory, pipe or device.
  bool is_regular() const { return regular_; }
  std::uint64_t size() const { return size_; }
  /// Up to `max` bytes at `offset`: the count read, 0 at the end, -1 on an error (set in `error`).
  std::int64_t ReadAt(std::uint64_t offset, char* buffer, std::size_t max, OsError& error) const;

 private:
  ReadOnlyFile() = default;
  std::intptr_t handle_ = -1;  // a descriptor on POSIX, a HANDLE on Windows
  bool regular_ = false;
  std::uint64_t size_ = 0;
};

/// Creates `path` for writing, failing with kExists when it is already there; nullptr with `error` set
/// when it cannot. The stream is binary; close it with std::fclose.
std::FILE* CreateNewFile(const std::filesystem::path& path, OsError& error);
/// Cuts an open (flushed) file back to empty.
bool TruncateFile(std::FILE* file, OsError& error);
/// Makes a flushed file's data durable: fdatasync, F_FULLFSYNC on macOS, FlushFileBuffers on Windows.
bool SyncFile(std::FILE* file, OsError& error);
/// Renames `from` to `to`, replacing `to` when `replace`; otherwise fails with kExists when `to` exists
/// (atomically where the OS can: renameat2 RENAME_NOREPLACE, MoveFileExW without REPLACE_EXISTING).
bool RenameFile(const std::filesystem::path& from, const std::filesystem::path& to, bool replace,
                OsError& error);
/// The reason the last C stdio call (fwrite, fflush, fclose) failed, from errno.
OsError LastStdioError();
/// Removes a file if it is there; failures are ignored (used to clean up).
void RemoveFile(const std::filesystem::path& path);

}  // namespace fal::platform
