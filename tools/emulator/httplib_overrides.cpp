#include "httplib_overrides.hpp"

#include <dlfcn.h>
#include <httplib.h>
#include <poll.h>

#include <cerrno>
#include <chrono>

namespace httplib::detail {

// Not declared in Debian's split header; the signature is the library's (nm: keep_alive(int, long)).
bool keep_alive(socket_t sock, time_t keep_alive_timeout_sec);

bool keep_alive(socket_t sock, time_t keep_alive_timeout_sec) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd wanted{sock, POLLIN, 0};
    // Readable also means closed or failed: httplib's read then ends the connection, as before.
    const int ready = ::poll(&wanted, 1, static_cast<int>(left > 0 ? left : 0));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

EncodingType encoding_type(const Request&, const Response&) { return EncodingType::None; }

// Not declared in Debian's split header either (nm: expect_content(Request const&)).
bool expect_content(const Request& req);

// httplib expects a body on every POST, PUT, PATCH and DELETE and, without a Content-Length, reads one
// until the client closes the connection: a bodiless `curl -X PUT .../cancel` hung for the read timeout.
// HTTP/1.1 (RFC 9112, 6.3) says a request with neither Content-Length nor Transfer-Encoding has no body,
// and fal answers such a cancel at once.
bool expect_content(const Request& req) {
  return req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
}

}  // namespace httplib::detail

namespace fal::emulator {

bool HttplibOverridesActive() {
  // What the dynamic linker resolves the library's calls to, compared with our own definitions.
  bool (*keep_alive)(socket_t, time_t) = &httplib::detail::keep_alive;
  httplib::detail::EncodingType (*encoding_type)(const httplib::Request&, const httplib::Response&) =
      &httplib::detail::encoding_type;
  bool (*expect_content)(const httplib::Request&) = &httplib::detail::expect_content;
  return dlsym(RTLD_DEFAULT, "_ZN7httplib6detail10keep_aliveEil") == reinterpret_cast<void*>(keep_alive) &&
         dlsym(RTLD_DEFAULT, "_ZN7httplib6detail14expect_contentERKNS_7RequestE") ==
             reinterpret_cast<void*>(expect_content) &&
         dlsym(RTLD_DEFAULT, "_ZN7httplib6detail13encoding_typeERKNS_7RequestERKNS_8ResponseE") ==
             reinterpret_cast<void*>(encoding_type);
}

}  // namespace fal::emulator
