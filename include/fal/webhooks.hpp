#pragma once
/// @file
/// Receiving fal's webhooks: parse the payload into typed values and verify its Ed25519 signature.
///
/// @code
/// // In your HTTP handler, with the raw body bytes exactly as received:
/// static fal::webhooks::JwksCache keys;            // fetches fal's JWKS, caches it up to 24 h
/// static fal::webhooks::ReplayGuard replays;
/// auto jwks = keys.Get();
/// if (!jwks) return Respond(503);
/// if (auto ok = fal::webhooks::Verify(request_headers, body, *jwks); !ok) return Respond(401);
/// auto payload = fal::webhooks::ParsePayload(body);
/// if (!payload || replays.Seen(payload->request_id)) return Respond(200);  // ignore repeats
/// auto video = fal::webhooks::OutputOf<fal::ltx::RenderToRealInput>(*payload);
/// @endcode

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "fal/endpoint.hpp"
#include "fal/error.hpp"
#include "fal/export.hpp"
#include "fal/http/transport.hpp"
#include "fal/result.hpp"

namespace fal::webhooks {

/// What fal POSTs to a webhook URL when a job ends.
struct FALCPP_EXPORT Payload {
  /// OK, ERROR, or anything else fal may send.
  enum class Status { kOk, kError, kUnknown };
  Status status = Status::kUnknown;  ///< How the job ended.
  std::string raw_status;            ///< "OK", "ERROR", or whatever was sent.
  std::string request_id;            ///< The queue's request id.
  std::string gateway_request_id;    ///< The last attempt's id (differs after a server-side retry).
  std::string payload_json;          ///< The model output (OK) or the error body (ERROR); empty when null.
  std::string error;                 ///< ERROR: e.g. "Invalid status code: 422".
  std::string payload_error;         ///< Set when the output was not valid JSON (payload is then null).
  std::vector<FieldError> field_errors;  ///< ERROR with a 422-style body: its detail list.
  std::string raw_json;                  ///< The whole body.
};

/// Parses a webhook body. Errors: kMalformedResponse when it is not a JSON object with a request_id.
FALCPP_EXPORT Result<Payload> ParsePayload(std::string_view body);

/// The typed output of an OK payload for the endpoint of `Input` (fal/ltx/*.hpp). An ERROR payload gives
/// kJobFailed with the error, the field errors and the request id.
template <class Input>
Result<typename EndpointTraits<Input>::Output> OutputOf(const Payload& payload) {
  if (payload.status != Payload::Status::kOk) {
    return Error(ErrorCode::kJobFailed, "job " + payload.request_id + " failed: " +
                                            (payload.error.empty() ? payload.payload_error : payload.error))
        .WithRequestId(payload.request_id)
        .WithFieldErrors(payload.field_errors);
  }
  auto out = EndpointTraits<Input>::ParseOutput(payload.payload_json);
  if (!out) {
    Error e = out.error();
    return e.WithRequestId(payload.request_id);
  }
  return out;
}

/// fal's public signing keys (a JWKS document of Ed25519 "OKP" keys).
class FALCPP_EXPORT Jwks {
 public:
  /// One signing key.
  struct Key {
    std::string kid;         ///< The key id.
    std::string public_key;  ///< 32 raw bytes.
  };
  /// Parses a JWKS document; keys that are not Ed25519 OKP keys are skipped. Errors: kMalformedResponse
  /// when it is not JSON or has no usable key.
  static Result<Jwks> Parse(std::string_view json);
  /// The usable keys.
  const std::vector<Key>& keys() const { return keys_; }

 private:
  std::vector<Key> keys_;
};

/// Options of Verify.
struct FALCPP_EXPORT VerifyOptions {
  /// How far the timestamp may be from now, either way.
  std::chrono::seconds tolerance{300};
  /// The clock; replaceable in tests.
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

/// Checks X-Fal-Webhook-Request-Id, -User-Id, -Timestamp and -Signature: an Ed25519 signature, by any of
/// `keys`, over "request_id\nuser_id\ntimestamp\nhex(sha256(body))", with the timestamp within tolerance.
/// `body` must be the raw bytes as received. Errors: kUnauthenticated, saying which check failed.
FALCPP_EXPORT Result<void> Verify(const http::Headers& headers, std::string_view body, const Jwks& keys,
                                  const VerifyOptions& options = {});

/// Fetches a JWKS document over HTTPS and keeps it for up to `max_age`, refetching after that (or after a
/// verification failure, with Refresh(), when fal may have rotated its keys).
///
/// @par Thread safety
/// All member functions are safe to call from many threads.
class FALCPP_EXPORT JwksCache {
 public:
  /// fal's JWKS.
  static constexpr const char* kFalJwksUrl = "https://rest.fal.ai/.well-known/jwks.json";

  /// Keys from `url`, kept `max_age`, fetched with `transport` (null: a small libcurl transport of its own).
  explicit JwksCache(std::string url = kFalJwksUrl, std::chrono::seconds max_age = std::chrono::hours(24),
                     std::shared_ptr<http::Transport> transport = nullptr);
  /// The cached keys, fetched when missing or older than max_age.
  Result<Jwks> Get();
  /// Fetches now, whatever the age.
  Result<Jwks> Refresh();

 private:
  std::string url_;
  std::chrono::seconds max_age_;
  std::shared_ptr<http::Transport> transport_;
  std::mutex mu_;
  std::optional<Jwks> cached_;
  std::chrono::steady_clock::time_point fetched_at_;
};

/// Remembers recently seen request ids, so that a redelivered webhook is handled once.
///
/// @par Thread safety
/// All member functions are safe to call from many threads.
class FALCPP_EXPORT ReplayGuard {
 public:
  /// Remembers the last `capacity` request ids.
  explicit ReplayGuard(std::size_t capacity = 10000) : capacity_(capacity) {}
  /// True when `request_id` was seen before (and still remembered); records it otherwise.
  bool Seen(const std::string& request_id);

 private:
  std::mutex mu_;
  std::size_t capacity_;
  std::vector<std::string> order_;  // ring of remembered ids
  std::size_t next_ = 0;
  std::unordered_set<std::string> ids_;
};

}  // namespace fal::webhooks
