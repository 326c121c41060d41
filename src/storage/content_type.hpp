#pragma once
// Content types of uploads: the caller's, else sniffed from the first bytes, else from the file name's
// extension, else application/octet-stream. The signature and extension tables live in content_type.cpp
// and nowhere else.

#include <cstddef>
#include <string>
#include <string_view>

namespace fal::internal {

/// How many leading bytes the sniffer looks at; read at least this many (or the whole file) before sniffing.
constexpr std::size_t kSniffBytes = 512;

/// The content type recognised from a file's first bytes, or "" when none matches.
std::string_view SniffContentType(std::string_view head);

/// The content type of a file name's extension (case-insensitive), or "" when unknown.
std::string_view ContentTypeForFileName(std::string_view file_name);

/// The usual extension (without the dot) for a content type, or "" when unknown. Parameters are ignored.
std::string_view ExtensionForContentType(std::string_view content_type);

/// The caller's type when given, else the sniffed one, else the extension's, else application/octet-stream.
std::string ChooseContentType(std::string_view given, std::string_view head, std::string_view file_name);

/// A file name for an upload that has none: "upload.<ext>" from the content type, else "upload.bin".
std::string DefaultFileName(std::string_view content_type);

}  // namespace fal::internal
