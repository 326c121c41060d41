#pragma once
/// @file
/// fal::ClientOptions: everything a Client can be told, with safe defaults.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "fal/clip_info.hpp"
#include "fal/credentials.hpp"
#include "fal/export.hpp"
#include "fal/http/transport.hpp"
#include "fal/logging.hpp"
#include "fal/ltx/cost.hpp"
#include "fal/retry_policy.hpp"
#include "fal/validation.hpp"

namespace fal {

/// How files go up to fal (docs/files.md, "The two upload protocols"; docs/adr/0009).
enum class UploadProtocol {
  /// CDN v3, as fal's Python client does by default: one token from the rest host, then each file goes
  /// straight to the CDN (one request per small file). Falls back to kStorageInitiate, for the client's
  /// lifetime, when the server shows it does not offer CDN v3 (docs/files.md lists exactly when).
  kCdnV3,
  /// Storage initiate, as fal's JS client does: an initiate on the rest host, then a PUT to a signed URL.
  kStorageInitiate,
};

/// Client configuration. Precedence: what is set here, then the environment, then the defaults.
///
/// @par Thread safety
/// A plain value; the Client copies it.
struct FALCPP_EXPORT ClientOptions {
  /// Explicit credentials. Empty: FAL_KEY, else FAL_KEY_ID and FAL_KEY_SECRET joined by ':'.
  Credentials credentials;
  /// One base URL for the queue, run and rest hosts, such as a local fal-emulator
  /// ("http://127.0.0.1:8080"). Empty: the FAL_BASE_URL environment variable, else the three URLs below.
  std::string base_url;
  std::string queue_url = "https://queue.fal.run";  ///< The queue host (submit, status, result, cancel).
  std::string run_url = "https://fal.run";          ///< The synchronous run host.
  std::string rest_url = "https://rest.fal.ai";     ///< The REST host (storage uploads).
  /// Read FAL_KEY, FAL_KEY_ID, FAL_KEY_SECRET and FAL_BASE_URL from the environment when not set above.
  bool use_environment = true;

  std::chrono::milliseconds connect_timeout{10000};  ///< Limit for making each connection.
  /// Limit for each API request (not for file transfers, which use the low-speed limit below).
  std::chrono::milliseconds request_timeout{60000};
  /// Largest API answer (submit, status, result, cancel, upload initiate) kept in memory. A larger one is
  /// not read: the call fails with kMalformedResponse (kAmbiguousSubmit for a submit). Results that carry
  /// media inline (sync_mode) are the largest legitimate answers. File downloads stream and are not bound by
  /// it.
  std::size_t max_answer_bytes = std::size_t{256} << 20;
  /// File transfers fail when slower than this many bytes per second for transfer_low_speed_window.
  std::uint64_t transfer_low_speed_bytes_per_second = 1024;
  std::chrono::seconds transfer_low_speed_window{60};  ///< The window of the low-speed limit above.

  RetryPolicies retry;  ///< How often and how long each operation retries (see RetryPolicies).
  /// The total time of each control call (submit, status, result, cancel, a storage upload's initiate and
  /// complete), every attempt and backoff sleep included, when CallOptions::timeout is not set. Without
  /// it, the default policies allow one Status() about six minutes (six attempts of request_timeout plus
  /// their sleeps). File transfers (upload parts, downloads) and status streams have no total limit:
  /// they fail when they stall (transfer_low_speed_* above; WaitOptions::stream_idle_timeout).
  /// 0 turns the budget off.
  std::chrono::milliseconds control_call_timeout{120000};
  /// Retry submits whose outcome is unknown (the connection broke after the body was sent). Off by
  /// default: such a retry can create a duplicate paid job. Off, the call returns kAmbiguousSubmit.
  bool retry_ambiguous_submits = false;

  /// How typed inputs are checked before anything is uploaded or sent. Overridable per call.
  ValidationMode validation = ValidationMode::kStrict;

  /// Local files (fal::File paths or bytes) of typed requests smaller than this many bytes are sent inline
  /// as base64 data URIs instead of being uploaded first. 0 (the default) turns it off: fal says data URIs
  /// suit only small files (reports of failures start at a few MB), and not every model accepts them.
  std::uint64_t inline_files_below = 0;

  /// Reads local video clips (fal/clip_info.hpp), so that typed requests can be fitted to the clip (its
  /// frame count, size and the endpoint's budget) and their cost estimated. Empty: local clips are not read.
  /// With falcpp::media: `options.clip_probe = fal::media::Probe;`.
  ClipProbe clip_probe;

  /// The prices of cost estimates (PreparedRequest::cost, the cost limit). fal changes prices: set a row
  /// with `prices.Set(endpoint_id, usd_per_megapixel, as_of)` (docs/cost.md).
  ltx::PriceTable prices = ltx::PriceTable::Default();
  /// The cost limit of every typed request, in dollars, when SubmitOptions::max_cost_usd is not set. A
  /// request whose estimate is above it, or unknown, gets an error finding (type "cost_limit"): kStrict
  /// refuses it before anything is uploaded or sent, kWarn logs it and sends, kOff does not check.
  /// Unset: no limit.
  std::optional<double> max_cost_usd;

  /// The upload protocol tried first (see UploadProtocol).
  UploadProtocol upload_protocol = UploadProtocol::kCdnV3;
  /// Local files of typed requests (Submit(input), RunBatch) uploading at once across this client, every
  /// job together; the others wait, without blocking any thread, until one ends. Each upload may itself send
  /// UploadOptions::parallelism parts at once. Storage's own Upload calls are not counted. At least 1.
  int max_concurrent_uploads = 8;

  LogSink log;                       ///< Empty: no logging.
  bool log_bodies = false;           ///< Log request and response bodies, truncated to log_body_limit.
  std::size_t log_body_limit = 512;  ///< Bytes of a body logged at most.

  std::string user_agent_suffix;  ///< Appended to "falcpp/<version> (<os>; <compiler>)".

  /// The transport. Empty: libcurl with engine_threads event-loop threads.
  std::shared_ptr<http::Transport> transport;
  int engine_threads = 2;  ///< Event-loop threads of the default transport.
};

}  // namespace fal
