// Parsing of fal-ltx's flag values by type. Each parser accepts the whole text or fails with
// kInvalidArgument naming the value and what would be accepted.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fal/file.hpp"
#include "fal/http/transport.hpp"
#include "fal/ltx/common.hpp"
#include "fal/ltx/enums.hpp"
#include "fal/result.hpp"

namespace fal::cli {

fal::Result<int> ParseInt(std::string_view text);
fal::Result<std::int64_t> ParseInt64(std::string_view text);
// A decimal number. "nan" and "inf" parse, so that validation reports them the way the library words it.
fal::Result<double> ParseDouble(std::string_view text);
// A limit in dollars (--max-cost): a number, 0 or more.
fal::Result<double> ParseUsd(std::string_view text);
// true/false, yes/no, on/off, 1/0.
fal::Result<bool> ParseBool(std::string_view text);
// Seconds as a number ("90", "1.5") or with a unit: "500ms", "30s", "5m", "2h".
fal::Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// A file flag: an http(s) URL or a data URI as written, otherwise a local path that must exist (it is
// uploaded before submitting).
fal::Result<fal::File> ParseFileArgument(std::string_view text);
// True for text that names a remote file (http://, https://, data:) rather than a local path.
bool IsRemote(std::string_view text);

// ASCII case-insensitive equality, for header names.
bool EqualsNoCase(std::string_view a, std::string_view b);

// Why `text` is not a file to upload, worded for the flag's user (no such file, a directory, a URL whose
// scheme fal does not fetch); nullopt when it is a regular file.
std::optional<std::string> NotAnUploadableFile(std::string_view text);

// PATH_OR_URL[:SCALE]: the scale is taken from after the last ':' only when it is a number, so URLs keep
// their colons ("https://x/y.safetensors:0.8").
fal::Result<fal::ltx::LoraInput> ParseLora(std::string_view text);

// NAME:VALUE (also "NAME: VALUE").
fal::Result<std::pair<std::string, std::string>> ParseHeader(std::string_view text);

// "auto", a size preset name, or WIDTHxHEIGHT.
fal::Result<fal::ltx::VideoSizeOrAuto> ParseVideoSizeOrAuto(std::string_view text);
// A size preset name or WIDTHxHEIGHT (no "auto").
fal::Result<fal::ltx::VideoSize> ParseVideoSize(std::string_view text);

// The closed enums: the wire string, exactly (the library's one table), with the choices in the error.
template <class Enum>
fal::Result<Enum> ParseEnum(std::string_view text);
// "low|medium|high|maximum": every wire string of the enum, for --help and messages.
template <class Enum>
std::string EnumChoices();

}  // namespace fal::cli
