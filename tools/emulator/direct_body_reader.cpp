#include "direct_body_reader.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

namespace fal::emulator {
namespace {

constexpr std::size_t kPiece = 1 << 20;
constexpr auto kIdleTimeout = std::chrono::seconds(30);  // as httplib's read timeout in emulator.cpp

// Reads exactly `remaining` bytes from `fd` into `sink`.
bool ReadExactly(int fd, std::uint64_t remaining, const BodySink& sink, const StopSignal& stop) {
  std::vector<char> buffer(kPiece);
  auto idle_since = std::chrono::steady_clock::now();
  while (remaining > 0) {
    if (stop.stopped()) return false;
    pollfd readable{fd, POLLIN, 0};
    const int ready = poll(&readable, 1, 200);
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) {
      if (std::chrono::steady_clock::now() - idle_since > kIdleTimeout) return false;
      continue;
    }
    const ssize_t n = recv(fd, buffer.data(), std::min<std::uint64_t>(buffer.size(), remaining), 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return false;  // the client went away mid-body
    if (!sink(buffer.data(), static_cast<std::size_t>(n))) return false;
    remaining -= static_cast<std::uint64_t>(n);
    idle_since = std::chrono::steady_clock::now();
  }
  return true;
}

}  // namespace

bool ReadRequestBody(const httplib::Request& req, const httplib::ContentReader& reader, const BodySink& sink,
                     const StopSignal& stop) {
  const std::string length_text = req.get_header_value("Content-Length");
  char* end = nullptr;
  const unsigned long long length = length_text.empty() ? 0 : std::strtoull(length_text.c_str(), &end, 10);
  const bool direct = !length_text.empty() && *end == '\0' && length >= kDirectReadThreshold &&
                      !req.has_header("Transfer-Encoding") && !req.has_header("Content-Encoding");
  if (!direct) return reader(sink);

  bool first = true;
  bool took_over = false;
  bool direct_ok = false;
  const bool httplib_ok = reader([&](const char* data, std::size_t size) {
    if (!sink(data, size)) return false;
    if (!first) return true;
    first = false;
    // httplib's reader asks for 4 KiB at a time and reads nothing ahead of what it hands over, so after
    // this first piece its buffer is empty and the rest of the body is still in the socket.
    const int fd = FindConnectionSocket(ConnectionId::Of(req));
    if (fd < 0 || size >= length) return true;
    took_over = true;
    direct_ok = ReadExactly(fd, length - size, sink, stop);
    return false;  // stops httplib's loop: the body has been consumed here
  });
  return took_over ? direct_ok : httplib_ok;
}

}  // namespace fal::emulator
