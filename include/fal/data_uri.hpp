#pragma once
/// @file
/// Base64 (RFC 4648, standard alphabet, '=' padding) and data URIs (RFC 2397): encode, decode, parse and
/// validate. fal accepts a data URI wherever it accepts a file URL, but only small files suit them (fal's
/// maintainers report failures from a few MB up): upload anything larger with fal::Storage.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fal/export.hpp"
#include "fal/result.hpp"

namespace fal {

/// The length of the base64 text for `byte_count` bytes, padding included.
constexpr std::size_t Base64EncodedSize(std::size_t byte_count) { return (byte_count + 2) / 3 * 4; }

/// Encodes `bytes` as standard base64 with '=' padding, without line breaks. Encodes well above 1 GB/s on
/// one core (see docs/files.md for measured figures).
///
/// @par Thread safety
/// A pure function.
FALCPP_EXPORT std::string Base64Encode(std::string_view bytes);

/// Writes the base64 of `bytes` to `out`: exactly Base64EncodedSize(bytes.size()) characters, no
/// terminator. For callers that reuse a buffer: on large inputs, allocating a fresh string (the kernel
/// zeroing its pages) costs more than the encoding itself.
///
/// @par Thread safety
/// A pure function.
FALCPP_EXPORT void Base64EncodeInto(std::string_view bytes, char* out);

/// Decodes standard base64. Strict: the length must be a multiple of 4, '=' may only end the text (at most
/// two of them), and every other character must be in A-Z a-z 0-9 + /. Whitespace, line breaks and the
/// URL-safe alphabet ('-', '_') are refused.
///
/// Errors: kInvalidArgument naming the problem, its 0-based offset in `text` and the fix.
///
/// @par Thread safety
/// A pure function.
FALCPP_EXPORT Result<std::string> Base64Decode(std::string_view text);

/// A parsed data URI: `data:[<media type>][;<name>=<value>]*[;base64],<data>`.
struct FALCPP_EXPORT DataUri {
  /// "type/subtype", lower-cased; "text/plain" when the URI gives none (RFC 2397's default).
  std::string media_type;
  /// Media type parameters as written, e.g. {"charset", "utf-8"}; RFC 2397's default charset=US-ASCII
  /// when the URI gives no media type at all.
  std::vector<std::pair<std::string, std::string>> parameters;
  bool base64 = false;  ///< The data was base64; otherwise it was percent-encoded text.
  std::string data;     ///< The decoded bytes.
};

/// "data:<media_type>;base64,<base64 of bytes>". An empty media type means application/octet-stream.
///
/// Errors: kInvalidArgument when `media_type` is not a valid "type/subtype" with optional ";name=value"
/// parameters (it would break the URI).
///
/// @code
/// fal::Result<std::string> uri = fal::EncodeDataUri(png_bytes, "image/png");
/// input.image_url = uri.value();
/// @endcode
///
/// @par Thread safety
/// A pure function.
FALCPP_EXPORT Result<std::string> EncodeDataUri(std::string_view bytes, std::string_view media_type);

/// True when `text` starts with "data:" in any case (URI schemes are case-insensitive, RFC 3986): the one
/// test of "is this a data URI" that File, downloads and validation share. It says nothing of the rest.
///
/// @par Thread safety
/// A pure function.
bool IsDataUri(std::string_view text);

/// Parses and validates a data URI, decoding its data: base64 (strictly, as Base64Decode) or, without
/// ";base64", percent-encoded text (%XX escapes are decoded, anything else is kept as written).
///
/// Errors: kInvalidArgument saying what is wrong (no "data:" prefix, no ',' before the data, a malformed
/// media type or parameter, a character outside the base64 alphabet, bad padding, a broken %XX escape), at
/// which 0-based offset of `text`, and how to fix it. The data itself is never copied into a message.
///
/// @par Thread safety
/// A pure function.
FALCPP_EXPORT Result<DataUri> ParseDataUri(std::string_view text);

}  // namespace fal
