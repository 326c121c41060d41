// file_io.hpp on Linux and macOS.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/file_io.hpp"

namespace fal::platform {
namespace {

bool Fail(OsError& error, int e) {
  error.kind = e == ENOENT   ? OsError::Kind::kNotFound
               : e == EEXIST ? OsError::Kind::kExists
               : e == ENOSPC ? OsError::Kind::kNoSpace
                             : OsError::Kind::kOther;
  error.message = std::strerror(e);
  return false;
}

}  // namespace

std::string PathToUtf8(const std::filesystem::path& path) { return path.string(); }
std::filesystem::path PathFromUtf8(const std::string& utf8) { return std::filesystem::path(utf8); }

std::unique_ptr<ReadOnlyFile> ReadOnlyFile::Open(const std::filesystem::path& path, OsError& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Fail(error, errno);
    return nullptr;
  }
  std::unique_ptr<ReadOnlyFile> file(new ReadOnlyFile());
  file->handle_ = fd;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Fail(error, errno);
    return nullptr;
  }
  file->regular_ = S_ISREG(st.st_mode);
  file->size_ = static_cast<std::uint64_t>(st.st_size);
  return file;
}

ReadOnlyFile::~ReadOnlyFile() {
  if (handle_ >= 0) ::close(static_cast<int>(handle_));
}

std::int64_t ReadOnlyFile::ReadAt(std::uint64_t offset, char* buffer, std::size_t max, OsError& error) const {
  for (;;) {
    const ssize_t n = ::pread(static_cast<int>(handle_), buffer, max, static_cast<off_t>(offset));
    if (n >= 0) return n;
    if (errno != EINTR) {
      Fail(error, errno);
      return -1;
    }
  }
}

std::FILE* CreateNewFile(const std::filesystem::path& path, OsError& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    Fail(error, errno);
    return nullptr;
  }
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    Fail(error, errno);
    ::close(fd);
    ::unlink(path.c_str());
  }
  return file;
}

bool TruncateFile(std::FILE* file, OsError& error) {
  return ::ftruncate(::fileno(file), 0) == 0 || Fail(error, errno);
}

bool SyncFile(std::FILE* file, OsError& error) {
#if defined(__APPLE__)
  // fsync on macOS leaves the data in the drive's cache; F_FULLFSYNC asks the drive to write it.
  if (::fcntl(::fileno(file), F_FULLFSYNC) == 0) return true;
  return ::fsync(::fileno(file)) == 0 || Fail(error, errno);
#else
  return ::fdatasync(::fileno(file)) == 0 || Fail(error, errno);
#endif
}

bool RenameFile(const std::filesystem::path& from, const std::filesystem::path& to, bool replace,
                OsError& error) {
  if (replace) return std::rename(from.c_str(), to.c_str()) == 0 || Fail(error, errno);
    // Atomically where the kernel and filesystem support it, else with a check just before (a small window,
    // but no silent overwrite in the common case).
#ifdef RENAME_NOREPLACE
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL && errno != ENOSYS) return Fail(error, errno);
#endif
  struct stat st {};
  if (::lstat(to.c_str(), &st) == 0) return Fail(error, EEXIST);
  return std::rename(from.c_str(), to.c_str()) == 0 || Fail(error, errno);
}

OsError LastStdioError() {
  OsError error;
  Fail(error, errno);
  return error;
}

void RemoveFile(const std::filesystem::path& path) { ::unlink(path.c_str()); }

}  // namespace fal::platform
