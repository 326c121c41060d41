#pragma once
/// @file
/// Files going in (fal::File: a URL, a data URI, a local path or bytes) and coming out (fal::OutputFile).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "fal/export.hpp"

namespace fal {

/// A file input of a request. A URL or data URI is sent as written; a local path or bytes in memory are
/// uploaded to fal's storage before the request is submitted, and replaced by the uploaded file's URL.
///
/// A plain string converts implicitly, so `input.video_url = "https://example.com/render.mp4";` works.
/// To upload a local file, say so: `input.video_url = fal::File::FromPath("render.mp4");`.
///
/// @par Thread safety
/// A plain value.
class FALCPP_EXPORT File {
 public:
  /// What the file is: a URL, a data URI, a local path or bytes in memory.
  enum class Kind { kUrl, kDataUri, kPath, kBytes };

  File() = default;
  /// A URL or a data URI (a string starting with "data:").
  File(std::string url_or_data_uri);  // NOLINT: implicit by design
  /// As File(std::string).
  File(const char* url_or_data_uri) : File(std::string(url_or_data_uri)) {}  // NOLINT

  /// A URL (or data URI), said explicitly.
  static File FromUrl(std::string url) { return File(std::move(url)); }
  /// A local file, uploaded before submit. The content type is sniffed when not given.
  static File FromPath(std::filesystem::path path, std::string content_type = "");
  /// Bytes in memory, uploaded before submit under `file_name`.
  static File FromBytes(std::string bytes, std::string file_name, std::string content_type = "");

  Kind kind() const { return kind_; }                                   ///< What the file is.
  bool empty() const { return kind_ == Kind::kUrl && value_.empty(); }  ///< True for an empty URL (unset).
  /// True for a local path or bytes: they must be uploaded before the request can be sent.
  bool NeedsUpload() const { return kind_ == Kind::kPath || kind_ == Kind::kBytes; }

  /// The URL or data URI (kUrl, kDataUri); empty for the other kinds.
  const std::string& url() const;
  /// The local path (kPath).
  const std::filesystem::path& path() const { return path_; }
  /// The bytes (kBytes).
  const std::string& bytes() const;
  const std::string& file_name() const { return file_name_; }  ///< The name to upload under (kPath, kBytes).
  /// The content type to upload with; empty: sniffed.
  const std::string& content_type() const { return content_type_; }

  /// What goes into the JSON body: the URL or data URI; for a file that still needs uploading, a
  /// placeholder "<upload: NAME>" (seen only in dry runs, since submit uploads first).
  std::string WireValue() const;

  /// Equal when kind, value, path, name and content type are.
  friend bool operator==(const File& a, const File& b) {
    return a.kind_ == b.kind_ && a.value_ == b.value_ && a.path_ == b.path_ && a.file_name_ == b.file_name_ &&
           a.content_type_ == b.content_type_;
  }
  friend bool operator!=(const File& a, const File& b) { return !(a == b); }  ///< Not equal.

 private:
  Kind kind_ = Kind::kUrl;
  std::string value_;  // URL, data URI or bytes
  std::filesystem::path path_;
  std::string file_name_;
  std::string content_type_;
};

/// A file in a response (fal's `File` type). Every field but url is optional and parsed leniently.
struct FALCPP_EXPORT OutputFile {
  std::string url;  ///< https URL, or a data URI when the request asked for sync_mode.
  std::optional<std::string> content_type;  ///< The MIME type as sent (may be wrong: kept as sent).
  std::optional<std::string> file_name;     ///< The stored file's name.
  std::optional<std::int64_t> file_size;    ///< Bytes, when the server says.
};

}  // namespace fal
