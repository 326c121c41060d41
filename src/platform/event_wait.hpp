#pragma once
// How the HTTP event loop's thread sleeps: until one of curl's sockets is ready, another thread wakes it,
// or a timeout passes; then it lets curl do the work that is ready.
//
// Two ways (docs/adr/0007-platform-layer.md):
//  - epoll (Linux): epoll plus an eventfd, and curl_multi_socket_action for only the sockets that are
//    ready. With a thousand open status streams this is what keeps the loop cheap.
//  - portable (Windows, macOS, any libcurl platform): libcurl's own curl_multi_poll / curl_multi_wakeup and
//    curl_multi_perform, which visits every transfer on each wake-up.
// The build's default comes from the CMake option FALCPP_EVENT_LOOP; where both are built (Linux), the
// environment variable FALCPP_EVENT_LOOP=epoll|portable picks one at run time (the suite runs the
// concurrency tests both ways).

#include <curl/curl.h>

#include <memory>
#include <string_view>

namespace fal::platform {

enum class EventLoopKind { kEpoll, kPortable };

std::string_view ToString(EventLoopKind kind);

/// The kind new event loops use: the environment's choice when this build has it, else the build's default.
EventLoopKind SelectedEventLoop();

class CurlWaiter {
 public:
  virtual ~CurlWaiter() = default;
  /// From any thread: ends the current wait, or the next one if none is in progress.
  virtual void Wake() = 0;
  /// Loop thread: waits up to `timeout_ms` (also bounded by curl's own deadlines), then drives curl for
  /// what is ready. Finished transfers are then in curl_multi_info_read.
  virtual void WaitAndDispatch(int timeout_ms) = 0;
};

/// A waiter for `multi` (the epoll one registers curl's socket callback). Destroy it after
/// curl_multi_cleanup(multi): curl reports sockets going away during the cleanup.
std::unique_ptr<CurlWaiter> MakeCurlWaiter(CURLM* multi, EventLoopKind kind);

}  // namespace fal::platform
