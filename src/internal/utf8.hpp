// UTF-8 checks for the text falcpp turns into JSON. JSON is UTF-8 and nlohmann's dump() throws (or, built
// without exceptions, aborts) on a string that is not, so no caller or server text reaches a JSON
// serialiser unchecked. The policy (docs/errors-and-retries.md, "Text that is not UTF-8"): a request body
// with invalid UTF-8 is rejected with kInvalidArgument before anything is sent; text that is only a label
// (the file name an upload is stored under, a dry run's placeholder) has each invalid byte replaced by
// U+FFFD.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fal::internal {

/// The offset of the first byte that does not start a well-formed UTF-8 sequence (an overlong form, a
/// surrogate or a code point above U+10FFFF is not well-formed either); nullopt when all of it is valid.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

/// `text` with every byte of an ill-formed sequence replaced by U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view text);

/// "byte 0xFF at offset 3 (after \"caf\")": where `text` stops being UTF-8, for an error message.
std::string DescribeInvalidUtf8(std::string_view text, std::size_t offset);

}  // namespace fal::internal
