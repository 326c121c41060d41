#pragma once
// Where upload bytes come from: a file (positional reads as curl asks for them), bytes in memory, a
// seekable stream (read under a lock as they are sent), or a stream that can only be read forward (one
// part at a time into a buffer). The upload engine sees only this interface.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "fal/http/transport.hpp"
#include "fal/result.hpp"

namespace fal::internal {

class UploadSource {
 public:
  virtual ~UploadSource() = default;

  /// The total size, when known before the bytes are read (always, but for forward-only streams that
  /// outlast their first part).
  virtual std::optional<std::uint64_t> size() const = 0;
  /// The first bytes (up to kSniffBytes), for sniffing the content type.
  virtual const std::string& head() const = 0;
  /// A file name the source suggests (a path's file name), or "".
  virtual std::string suggested_name() const { return {}; }
  /// True when any range can be served at any time, from several threads at once.
  virtual bool random_access() const = 0;

  /// Bytes [offset, offset + length), shorter at the end of the source (length 0 past it). Random-access
  /// sources read lazily; forward-only ones read the range now, into memory, and must be asked for ranges
  /// in order. Errors: kInvalidArgument when the source fails to read.
  /// The returned body reads from its own offset 0, and may be read again from 0 when a request is re-sent.
  virtual Result<http::BodySource> Range(std::uint64_t offset, std::uint64_t length) = 0;
};

/// Opens a regular file. Errors: kInvalidArgument (missing, not a regular file, unreadable).
Result<std::unique_ptr<UploadSource>> OpenFileSource(const std::filesystem::path& path);

std::unique_ptr<UploadSource> MakeBytesSource(std::string bytes);

/// A seekable stream is read as it is sent; any other is read forward, `first_part` bytes at once now
/// (enough to sniff, and to learn whether it ends within one part).
/// Errors: kInvalidArgument when the stream is already failed or cannot be read.
Result<std::unique_ptr<UploadSource>> MakeStreamSource(std::istream& stream, std::uint64_t first_part);

}  // namespace fal::internal
