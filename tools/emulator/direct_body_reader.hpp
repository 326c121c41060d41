// The fast path for large upload bodies. httplib 0.11.4 hands a body over 4 KiB at a time, each piece
// costing a poll() and a recv(); at a gigabyte that is half a million round trips through the kernel and
// caps uploads well below what the disk takes. For a large body with a Content-Length, the emulator lets
// httplib deliver the first piece (which empties httplib's own read buffer), then reads the rest straight
// from the socket in 1 MiB pieces and tells httplib to stop reading.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>

#include "connection_control.hpp"
#include "stop_signal.hpp"

namespace fal::emulator {

using BodySink = std::function<bool(const char* data, std::size_t size)>;

// Reads the whole request body into `sink`; returns false when the body could not be read (or the sink
// refused it). Small, chunked or encoded bodies go through httplib's reader as usual.
bool ReadRequestBody(const httplib::Request& req, const httplib::ContentReader& reader, const BodySink& sink,
                     const StopSignal& stop);

// Bodies at least this large take the direct path.
inline constexpr std::uint64_t kDirectReadThreshold = 1 << 20;

}  // namespace fal::emulator
