#pragma once
/// @file
/// The HTTP seam of falcpp. A Transport sends requests and runs timers on one event loop; the libcurl
/// implementation (MakeCurlTransport) multiplexes many requests on a few threads, and
/// fal::testing::FakeTransport replaces it in unit tests. 4xx and 5xx answers are responses, not errors.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fal/cancellation.hpp"
#include "fal/export.hpp"

namespace fal::http {

/// An HTTP method.
enum class Method { kGet, kPost, kPut, kDelete, kHead };
FALCPP_EXPORT std::string_view ToString(Method method);  ///< The method's name: "GET", "POST", ...

/// Header fields in order. Names compare case-insensitively (see FindHeader).
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The value of the first header named `name` (case-insensitive), or nullopt.
FALCPP_EXPORT std::optional<std::string> FindHeader(const Headers& headers, std::string_view name);

/// A request body read on demand, so that a multi-GB file is never held in memory.
struct FALCPP_EXPORT BodySource {
  std::uint64_t size = 0;  ///< Total bytes the body has.
  /// Copies up to `max` bytes starting at `offset` into `buffer`; returns the count, or -1 on a read error.
  /// Called on a transport thread; may be called again from offset 0 when a request is re-sent.
  std::function<std::int64_t(std::uint64_t offset, char* buffer, std::size_t max)> read;
};

/// One HTTP request.
struct FALCPP_EXPORT Request {
  Method method = Method::kGet;           ///< The HTTP method.
  std::string url;                        ///< The absolute URL, query included.
  Headers headers;                        ///< Request headers, sent in order.
  std::string body;                       ///< Used when body_source is not set.
  std::optional<BodySource> body_source;  ///< Streams the body instead of `body`.

  /// Limit for the whole exchange; zero means none (then use the low-speed limit).
  std::chrono::milliseconds timeout{60000};
  std::chrono::milliseconds connect_timeout{10000};  ///< Limit for making the connection.
  /// For long transfers: fail when fewer than this many bytes per second move for low_speed_window.
  std::uint64_t low_speed_bytes_per_second = 0;
  std::chrono::seconds low_speed_window{30};  ///< The window of low_speed_bytes_per_second.

  /// When set, the response body is handed over in chunks instead of being collected into
  /// Response::body. Return false to abort the transfer. Runs on a transport thread.
  std::function<bool(std::string_view chunk)> on_body;
  /// Runs once the status line and headers of the final response are known, before any on_body call.
  std::function<void(int status, const Headers& headers)> on_headers;
  /// Upload progress: bytes sent so far, and the total.
  std::function<void(std::uint64_t sent, std::uint64_t total)> on_upload_progress;
  /// Download progress: bytes received so far, and the total when known (else 0).
  std::function<void(std::uint64_t received, std::uint64_t total)> on_download_progress;

  /// Cancels the exchange; it then completes with NetworkError::Kind::kCancelled.
  CancellationToken cancel;
  /// Follow redirects (at most 5). The Authorization header never crosses to another host or port.
  bool follow_redirects = false;
};

/// An HTTP answer, whatever its status.
struct FALCPP_EXPORT Response {
  int status = 0;    ///< The HTTP status code.
  Headers headers;   ///< Response headers, in the order received.
  std::string body;  ///< Empty when Request::on_body consumed it.

  /// The value of header `name` (case-insensitive), or nullopt.
  std::optional<std::string> Header(std::string_view name) const { return FindHeader(headers, name); }
};

/// A failure to get an answer.
struct FALCPP_EXPORT NetworkError {
  /// What kind of failure it was.
  enum class Kind {
    kConnectFailed,   ///< No connection was made (DNS, refused, connect timeout): nothing was sent.
    kTimeout,         ///< Connected, but no complete answer in time.
    kConnectionLost,  ///< The connection broke (reset, closed) while sending or receiving.
    kTls,             ///< TLS handshake or certificate verification failed.
    kCancelled,       ///< Request::cancel fired, the body callback aborted, or the transport shut down.
    kRejected,        ///< Refused before sending: a disallowed URL (plain http to a non-loopback host).
    kBodyRead,        ///< The BodySource failed to read.
    kOther,
  };
  Kind kind = Kind::kOther;  ///< What kind of failure.
  std::string message;       ///< What happened, for logs and errors (never a secret).
  /// True once any byte of the request went to the server: the server may have acted on it.
  bool request_sent = false;
};

FALCPP_EXPORT std::string_view ToString(
    NetworkError::Kind kind);  ///< The kind's stable name, e.g. "connect_failed".

/// What a transport delivers: exactly one of response or error.
struct FALCPP_EXPORT Outcome {
  std::optional<Response> response;   ///< The answer, when there was one.
  std::optional<NetworkError> error;  ///< The failure, when there was no answer.

  /// An outcome holding a response.
  static Outcome Of(Response r) { return Outcome{std::move(r), std::nullopt}; }
  /// An outcome holding a network error.
  static Outcome Of(NetworkError e) { return Outcome{std::nullopt, std::move(e)}; }
};

/// Sends requests and runs timers on an event loop.
///
/// Timers live here, next to I/O, because one loop drives both: a thousand jobs sleeping in a poll
/// interval or a retry backoff cost no threads, and a fake transport can record every backoff delay and
/// control time in tests.
///
/// @par Thread safety
/// Implementations must accept calls from any thread at once. Callbacks run on the transport's threads;
/// a callback must not block waiting for another transport callback.
class FALCPP_EXPORT Transport {
 public:
  virtual ~Transport() = default;

  /// Starts `request`; `done` runs exactly once, with the response or the network error.
  virtual void Send(Request request, std::function<void(Outcome)> done) = 0;

  /// Runs `fn` once, after `delay`, or as soon as `cancel` fires (fn checks the token itself).
  virtual void RunAfter(std::chrono::milliseconds delay, CancellationToken cancel,
                        std::function<void()> fn) = 0;

  /// The clock that RunAfter delays are measured on. Fakes return virtual time.
  virtual std::chrono::steady_clock::time_point Now() const { return std::chrono::steady_clock::now(); }

  /// True when the calling thread is one of this transport's event-loop threads. Blocking calls use it to
  /// refuse to wait on the loop they would block (which would deadlock).
  virtual bool IsLoopThread() const { return false; }
};

/// Settings of the libcurl transport.
struct FALCPP_EXPORT CurlTransportOptions {
  int threads = 2;  ///< Event-loop threads; every request and timer lives on one of them.
  /// 0 = no limit. Over HTTP/2 requests share connections anyway; over HTTP/1.1 (fal-emulator, proxies) every
  /// open status stream needs a connection of its own, and a cap would make completions wait in line.
  long max_connections_per_host = 0;
  /// Idle connections kept for reuse per event loop. Thousands of jobs polling on a few threads should find
  /// their connections still open rather than pay a new TCP (and TLS) handshake every poll.
  long max_idle_connections = 4096;
  bool allow_plain_http_to_loopback = true;  ///< Plain http is never allowed to other hosts.
  std::string ca_bundle;                     ///< Extra CA bundle file; empty uses the system's.
};

/// The libcurl transport: curl multi event loops with connection reuse and HTTP/2 multiplexing, TLS
/// verification always on. Destroying it aborts outstanding requests (their callbacks run with kCancelled
/// before the destructor returns) and joins its threads.
FALCPP_EXPORT std::shared_ptr<Transport> MakeCurlTransport(CurlTransportOptions options = {});

}  // namespace fal::http
