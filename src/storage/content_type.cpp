#include "storage/content_type.hpp"

#include <cctype>

namespace fal::internal {
namespace {

using namespace std::string_view_literals;

// Bytes expected at `offset`; with `search_within` > 0, anywhere in [offset, offset + search_within).
struct Magic {
  std::size_t offset = 0;
  std::string_view bytes;
  std::size_t search_within = 0;
};

struct Signature {
  std::string_view content_type;
  Magic first;
  Magic second;  // empty bytes: no second condition
};

constexpr std::string_view kEbml = "\x1A\x45\xDF\xA3"sv;

// First match wins, so specific signatures come before the generic ones they share a prefix with
// (the ftyp brands before plain ftyp, webm before other Matroska).
constexpr Signature kSignatures[] = {
    // ISO base media (MP4 and QuickTime): a box size, then "ftyp" and the major brand.
    {"video/quicktime", {4, "ftypqt  "sv}, {}},
    {"image/avif", {4, "ftypavif"sv}, {}},
    {"image/avif", {4, "ftypavis"sv}, {}},
    {"image/heic", {4, "ftypheic"sv}, {}},
    {"image/heic", {4, "ftypheix"sv}, {}},
    {"image/heif", {4, "ftypmif1"sv}, {}},
    {"audio/mp4", {4, "ftypM4A "sv}, {}},
    {"video/3gpp", {4, "ftyp3gp"sv}, {}},
    {"video/mp4", {4, "ftyp"sv}, {}},
    // Old QuickTime files start with a movie or media box instead of ftyp.
    {"video/quicktime", {4, "moov"sv}, {}},
    {"video/quicktime", {4, "mdat"sv}, {}},
    {"video/quicktime", {4, "wide"sv}, {}},
    // EBML: WebM says so in its DocType element near the start; anything else is Matroska.
    {"video/webm", {0, kEbml}, {0, "webm"sv, 64}},
    {"video/x-matroska", {0, kEbml}, {}},
    {"video/x-msvideo", {0, "RIFF"sv}, {8, "AVI "sv}},
    {"image/png", {0, "\x89PNG\r\n\x1A\n"sv}, {}},
    {"image/jpeg", {0, "\xFF\xD8\xFF"sv}, {}},
    {"image/gif", {0, "GIF87a"sv}, {}},
    {"image/gif", {0, "GIF89a"sv}, {}},
    {"image/webp", {0, "RIFF"sv}, {8, "WEBP"sv}},
    {"image/tiff", {0, "II*\0"sv}, {}},
    {"image/tiff", {0, "MM\0*"sv}, {}},
    {"image/x-exr", {0, "\x76\x2F\x31\x01"sv}, {}},
    {"audio/wav", {0, "RIFF"sv}, {8, "WAVE"sv}},
    {"audio/mpeg", {0, "ID3"sv}, {}},
    {"audio/mpeg", {0, "\xFF\xFB"sv}, {}},
    {"audio/mpeg", {0, "\xFF\xF3"sv}, {}},
    {"audio/mpeg", {0, "\xFF\xF2"sv}, {}},
    {"audio/flac", {0, "fLaC"sv}, {}},
    {"audio/ogg", {0, "OggS"sv}, {}},
    {"model/gltf-binary", {0, "glTF"sv}, {}},
    {"application/pdf", {0, "%PDF-"sv}, {}},
    {"application/zip", {0, "PK\x03\x04"sv}, {}},
    {"application/gzip", {0, "\x1F\x8B"sv}, {}},
    // safetensors (LoRA weights): an 8-byte little-endian header length (far below 2^48, so its two top
    // bytes are zero), then the JSON header. There is no registered type; fal's loaders go by the URL's
    // ".safetensors" name, which the upload keeps. Recognising it stops a misleading extension winning.
    {"application/octet-stream", {6, "\0\0{\""sv}, {}},
};

// Extension -> type. The first row of a type also gives its default extension (ExtensionForContentType).
struct Extension {
  std::string_view extension;
  std::string_view content_type;
};

constexpr Extension kExtensions[] = {
    {"mp4", "video/mp4"},
    {"m4v", "video/mp4"},
    {"mov", "video/quicktime"},
    {"qt", "video/quicktime"},
    {"webm", "video/webm"},
    {"mkv", "video/x-matroska"},
    {"avi", "video/x-msvideo"},
    {"mpg", "video/mpeg"},
    {"mpeg", "video/mpeg"},
    {"ts", "video/mp2t"},
    {"3gp", "video/3gpp"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"heic", "image/heic"},
    {"heif", "image/heif"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    {"bmp", "image/bmp"},
    {"exr", "image/x-exr"},
    {"svg", "image/svg+xml"},
    {"wav", "audio/wav"},
    {"mp3", "audio/mpeg"},
    {"m4a", "audio/mp4"},
    {"aac", "audio/aac"},
    {"flac", "audio/flac"},
    {"ogg", "audio/ogg"},
    {"opus", "audio/opus"},
    {"json", "application/json"},
    {"txt", "text/plain"},
    {"srt", "application/x-subrip"},
    {"vtt", "text/vtt"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"glb", "model/gltf-binary"},
    {"gltf", "model/gltf+json"},
    {"obj", "model/obj"},
    {"bin", "application/octet-stream"},
    {"safetensors", "application/octet-stream"},
};

bool Matches(std::string_view head, const Magic& m) {
  if (m.bytes.empty()) return true;
  if (m.search_within == 0)
    return head.size() >= m.offset + m.bytes.size() && head.substr(m.offset, m.bytes.size()) == m.bytes;
  if (head.size() <= m.offset) return false;
  return head.substr(m.offset, m.search_within).find(m.bytes) != std::string_view::npos;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view SniffContentType(std::string_view head) {
  for (const Signature& s : kSignatures) {
    if (Matches(head, s.first) && Matches(head, s.second)) return s.content_type;
  }
  return {};
}

std::string_view ContentTypeForFileName(std::string_view file_name) {
  const std::size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  const std::string_view ext = file_name.substr(dot + 1);
  for (const Extension& e : kExtensions) {
    if (EqualsNoCase(e.extension, ext)) return e.content_type;
  }
  return {};
}

std::string_view ExtensionForContentType(std::string_view content_type) {
  content_type = Trim(content_type.substr(0, content_type.find(';')));
  for (const Extension& e : kExtensions) {
    if (EqualsNoCase(e.content_type, content_type)) return e.extension;
  }
  return {};
}

std::string ChooseContentType(std::string_view given, std::string_view head, std::string_view file_name) {
  if (!Trim(given).empty()) return std::string(Trim(given));
  if (std::string_view sniffed = SniffContentType(head); !sniffed.empty()) return std::string(sniffed);
  if (std::string_view by_name = ContentTypeForFileName(file_name); !by_name.empty())
    return std::string(by_name);
  return "application/octet-stream";
}

std::string DefaultFileName(std::string_view content_type) {
  std::string_view ext = ExtensionForContentType(content_type);
  return "upload." + std::string(ext.empty() ? "bin" : ext);
}

}  // namespace fal::internal
