#include "fal/file.hpp"

#include "fal/data_uri.hpp"
#include "internal/utf8.hpp"
#include "platform/file_io.hpp"

namespace fal {

File::File(std::string url_or_data_uri) : value_(std::move(url_or_data_uri)) {
  kind_ = IsDataUri(value_) ? Kind::kDataUri : Kind::kUrl;
}

File File::FromPath(std::filesystem::path path, std::string content_type) {
  File f;
  f.kind_ = Kind::kPath;
  f.file_name_ = platform::PathToUtf8(path.filename());
  f.path_ = std::move(path);
  f.content_type_ = std::move(content_type);
  return f;
}

File File::FromBytes(std::string bytes, std::string file_name, std::string content_type) {
  File f;
  f.kind_ = Kind::kBytes;
  f.value_ = std::move(bytes);
  f.file_name_ = std::move(file_name);
  f.content_type_ = std::move(content_type);
  return f;
}

const std::string& File::url() const {
  static const std::string kEmpty;
  return kind_ == Kind::kUrl || kind_ == Kind::kDataUri ? value_ : kEmpty;
}

const std::string& File::bytes() const {
  static const std::string kEmpty;
  return kind_ == Kind::kBytes ? value_ : kEmpty;
}

std::string File::WireValue() const {
  switch (kind_) {
    case Kind::kUrl:
    case Kind::kDataUri:
      return value_;
    // A placeholder shown in dry runs, never sent: a name that is not UTF-8 (a Latin-1 path) is shown with
    // U+FFFD so that the body stays JSON and the request's text check does not flag a file it will upload.
    case Kind::kPath:
      return "<upload: " + internal::ReplaceInvalidUtf8(platform::PathToUtf8(path_)) + ">";
    case Kind::kBytes:
      return "<upload: " + internal::ReplaceInvalidUtf8(file_name_) + ">";
  }
  return value_;
}

}  // namespace fal
