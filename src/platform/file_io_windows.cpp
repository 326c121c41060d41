// file_io.hpp on Windows: the wide API, so that any path std::filesystem::path holds opens.
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <cerrno>
#include <cstring>

#include "platform/file_io.hpp"

namespace fal::platform {
namespace {

std::string Utf8(const wchar_t* text, int length) {
  const int n = WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  if (n > 0) WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), n, nullptr, nullptr);
  return out;
}

bool Fail(OsError& error, DWORD code) {
  error.kind = (code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND) ? OsError::Kind::kNotFound
               : (code == ERROR_FILE_EXISTS || code == ERROR_ALREADY_EXISTS)  ? OsError::Kind::kExists
               : (code == ERROR_DISK_FULL || code == ERROR_HANDLE_DISK_FULL)  ? OsError::Kind::kNoSpace
                                                                              : OsError::Kind::kOther;
  wchar_t* text = nullptr;
  const DWORD n = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
      code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  error.message = n > 0 ? Utf8(text, static_cast<int>(n)) : "Windows error " + std::to_string(code);
  if (text != nullptr) LocalFree(text);
  while (!error.message.empty() &&
         (error.message.back() == '\n' || error.message.back() == '\r' || error.message.back() == '.')) {
    error.message.pop_back();
  }
  return false;
}

bool FailErrno(OsError& error, int e) {
  error.kind = e == ENOSPC ? OsError::Kind::kNoSpace : OsError::Kind::kOther;
  error.message = std::strerror(e);
  return false;
}

HANDLE HandleOf(std::FILE* file) { return reinterpret_cast<HANDLE>(_get_osfhandle(_fileno(file))); }

}  // namespace

std::string PathToUtf8(const std::filesystem::path& path) {
  const std::wstring& wide = path.native();
  return Utf8(wide.data(), static_cast<int>(wide.size()));
}

std::filesystem::path PathFromUtf8(const std::string& utf8) {
  const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(n > 0 ? n : 0), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), wide.data(), n);
  return std::filesystem::path(wide);
}

std::unique_ptr<ReadOnlyFile> ReadOnlyFile::Open(const std::filesystem::path& path, OsError& error) {
  HANDLE h = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                         nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    Fail(error, GetLastError());
    return nullptr;
  }
  std::unique_ptr<ReadOnlyFile> file(new ReadOnlyFile());
  file->handle_ = reinterpret_cast<std::intptr_t>(h);
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(h, &info)) {
    Fail(error, GetLastError());
    return nullptr;
  }
  file->regular_ = GetFileType(h) == FILE_TYPE_DISK && !(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
  file->size_ = (static_cast<std::uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
  return file;
}

ReadOnlyFile::~ReadOnlyFile() {
  if (handle_ != -1) CloseHandle(reinterpret_cast<HANDLE>(handle_));
}

std::int64_t ReadOnlyFile::ReadAt(std::uint64_t offset, char* buffer, std::size_t max, OsError& error) const {
  // An offset in OVERLAPPED makes ReadFile positional on a synchronous handle: threads never share a
  // file position, as with pread.
  OVERLAPPED at{};
  at.Offset = static_cast<DWORD>(offset & 0xffffffffu);
  at.OffsetHigh = static_cast<DWORD>(offset >> 32);
  DWORD got = 0;
  const DWORD want = static_cast<DWORD>(max > 0x40000000u ? 0x40000000u : max);
  if (ReadFile(reinterpret_cast<HANDLE>(handle_), buffer, want, &got, &at)) return got;
  const DWORD code = GetLastError();
  if (code == ERROR_HANDLE_EOF) return 0;
  Fail(error, code);
  return -1;
}

std::FILE* CreateNewFile(const std::filesystem::path& path, OsError& error) {
  HANDLE h = CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE,
                         nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    Fail(error, GetLastError());
    return nullptr;
  }
  const int fd = _open_osfhandle(reinterpret_cast<std::intptr_t>(h), _O_WRONLY | _O_BINARY);
  if (fd < 0) {
    FailErrno(error, errno);
    CloseHandle(h);
    DeleteFileW(path.c_str());
    return nullptr;
  }
  std::FILE* file = _fdopen(fd, "wb");
  if (file == nullptr) {
    FailErrno(error, errno);
    _close(fd);
    DeleteFileW(path.c_str());
  }
  return file;
}

bool TruncateFile(std::FILE* file, OsError& error) {
  const int e = _chsize_s(_fileno(file), 0);
  return e == 0 || FailErrno(error, e);
}

bool SyncFile(std::FILE* file, OsError& error) {
  return FlushFileBuffers(HandleOf(file)) || Fail(error, GetLastError());
}

bool RenameFile(const std::filesystem::path& from, const std::filesystem::path& to, bool replace,
                OsError& error) {
  const DWORD flags = MOVEFILE_WRITE_THROUGH | (replace ? MOVEFILE_REPLACE_EXISTING : 0);
  return MoveFileExW(from.c_str(), to.c_str(), flags) || Fail(error, GetLastError());
}

OsError LastStdioError() {
  OsError error;
  FailErrno(error, errno);
  return error;
}

void RemoveFile(const std::filesystem::path& path) { DeleteFileW(path.c_str()); }

}  // namespace fal::platform
