// Sends a response body through httplib's content provider, so that every body (JSON answers, stored
// files, the bundled video) can be cut, stalled, slowed or garbled by a fault in one place. Range
// requests are left to httplib, which asks the provider for the requested window.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connection_control.hpp"
#include "fault_plan.hpp"
#include "stop_signal.hpp"

namespace fal::emulator {

// Random-access bytes: an in-memory string, a stored file or the embedded sample.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual std::uint64_t size() const = 0;
  // Copies up to `length` bytes at `offset` into `out`; returns how many (0 on error).
  virtual std::size_t Read(std::uint64_t offset, char* out, std::size_t length) const = 0;
};

std::shared_ptr<BodySource> StringBody(std::string bytes);
// Bytes [start, start + length) of another source.
std::shared_ptr<BodySource> SliceOf(std::shared_ptr<BodySource> source, std::uint64_t start,
                                    std::uint64_t length);
std::shared_ptr<BodySource> MemoryBody(const unsigned char* data, std::size_t size);
std::shared_ptr<BodySource> FileBody(const std::string& path, std::uint64_t size);
// The sources one after another, as one body (a multipart upload served from its parts).
std::shared_ptr<BodySource> ConcatBody(std::vector<std::shared_ptr<BodySource>> parts);

// How a fault bends the delivery of one body.
struct DeliveryPlan {
  enum class Cut { kNone, kReset, kClose, kStall };
  Cut cut = Cut::kNone;
  std::optional<std::uint64_t> cut_after;  // bytes of body sent before the cut (default: half)
  std::int64_t stall_ms = 0;               // Cut::kStall
  std::uint64_t bytes_per_second = 0;      // 0: full speed
  bool garbage = false;                    // replace the bytes with noise of the same length
  std::uint64_t garbage_seed = 0;

  static DeliveryPlan From(const std::optional<Fault>& fault, std::uint64_t seed);
  bool affects_body() const { return cut != Cut::kNone || bytes_per_second > 0 || garbage; }
};

// Installs the provider on `res`. `on_sent` is told how many bytes went out (for stats).
void DeliverBody(httplib::Response& res, const ConnectionId& connection, std::shared_ptr<BodySource> body,
                 const std::string& content_type, const DeliveryPlan& plan, const StopSignal& stop,
                 std::function<void(std::uint64_t)> on_sent = nullptr);

// What to answer for a Range request on a body of `size` bytes (RFC 9110 14.1.2): the whole body (no
// Range, or several ranges, which a server may ignore), one satisfiable range (clamped to the body), or
// 416. httplib 0.11.4's own range handling miscounts ranges that reach past the end, so files resolve
// ranges here.
struct ByteRange {
  enum class Kind { kWhole, kPartial, kUnsatisfiable };
  Kind kind = Kind::kWhole;
  std::uint64_t start = 0;
  std::uint64_t length = 0;
};
ByteRange ResolveByteRange(const httplib::Ranges& ranges, std::uint64_t size);

// Noise that is never valid JSON nor a valid MP4 prefix, reproducible from a seed.
std::string GarbageBytes(std::size_t length, std::uint64_t seed);

}  // namespace fal::emulator
