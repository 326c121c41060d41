#include <charconv>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>

#include "fal/data_uri.hpp"
#include "fal/webhooks.hpp"
#include "internal/error_mapping.hpp"
#include "internal/json_fields.hpp"
#include "webhooks/crypto.hpp"

namespace fal::webhooks {
namespace {

Error Reject(const std::string& why) {
  return Error(ErrorCode::kUnauthenticated, "webhook rejected: " + why);
}

// Decodes hex without branching on the digits' values, so timing says nothing about the signature.
bool DecodeHex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  out.assign(hex.size() / 2, '\0');
  unsigned bad = 0;
  auto nibble = [&bad](unsigned char c) -> unsigned {
    unsigned digit = c - '0', lower = (c | 0x20) - 'a';
    unsigned is_digit = digit < 10, is_alpha = lower < 6;
    bad |= !(is_digit | is_alpha);
    return is_digit * digit + is_alpha * (lower + 10);
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<char>((nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]));
  }
  return bad == 0;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
  }
  while (standard.size() % 4 != 0) standard += '=';
  return Base64Decode(standard);
}

}  // namespace

Result<Jwks> Jwks::Parse(std::string_view json_text) {
  using nlohmann::json;
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("keys") || !j["keys"].is_array()) {
    return Error(ErrorCode::kMalformedResponse,
                 "JWKS is not a JSON object with a \"keys\" array: \"" + internal::Excerpt(json_text) + "\"");
  }
  Jwks out;
  for (const json& k : j["keys"]) {
    if (!k.is_object() || internal::StringMember(k, "kty") != "OKP" ||
        internal::StringMember(k, "crv") != "Ed25519")
      continue;
    auto x = k.find("x");
    if (x == k.end() || !x->is_string()) continue;
    Result<std::string> raw = Base64UrlDecode(x->get<std::string>());
    if (!raw || raw->size() != 32) continue;
    out.keys_.push_back(Key{internal::StringMember(k, "kid"), std::move(*raw)});
  }
  if (out.keys_.empty()) return Error(ErrorCode::kMalformedResponse, "JWKS has no Ed25519 (OKP) key");
  return out;
}

Result<void> Verify(const http::Headers& headers, std::string_view body, const Jwks& keys,
                    const VerifyOptions& options) {
  if (!internal::WebhookCryptoAvailable()) {
    return Error(ErrorCode::kInternal,
                 "webhook verification is not built into this falcpp: it was configured with "
                 "FALCPP_WEBHOOK_VERIFY=OFF (no OpenSSL); rebuild with OpenSSL and FALCPP_WEBHOOK_VERIFY=ON "
                 "(docs/platforms.md)");
  }
  auto request_id = http::FindHeader(headers, "X-Fal-Webhook-Request-Id");
  auto user_id = http::FindHeader(headers, "X-Fal-Webhook-User-Id");
  auto timestamp = http::FindHeader(headers, "X-Fal-Webhook-Timestamp");
  auto signature_hex = http::FindHeader(headers, "X-Fal-Webhook-Signature");
  for (auto [name, value] :
       {std::pair<const char*, const std::optional<std::string>*>{"Request-Id", &request_id},
        {"User-Id", &user_id},
        {"Timestamp", &timestamp},
        {"Signature", &signature_hex}}) {
    if (!*value || (*value)->empty())
      return Reject(std::string("the X-Fal-Webhook-") + name + " header is missing");
  }
  long long seconds = 0;
  auto [end, ec] = std::from_chars(timestamp->data(), timestamp->data() + timestamp->size(), seconds);
  if (ec != std::errc() || end != timestamp->data() + timestamp->size()) {
    return Reject("X-Fal-Webhook-Timestamp \"" + internal::Excerpt(*timestamp, 40) +
                  "\" is not unix seconds");
  }
  long long now = std::chrono::duration_cast<std::chrono::seconds>(options.now().time_since_epoch()).count();
  long long skew = now - seconds;
  if (skew > options.tolerance.count()) {
    return Reject("the timestamp is " + std::to_string(skew) + " s old, more than the " +
                  std::to_string(options.tolerance.count()) + " s allowed (a replay, or a clock far off)");
  }
  if (-skew > options.tolerance.count()) {
    return Reject("the timestamp is " + std::to_string(-skew) + " s in the future, more than the " +
                  std::to_string(options.tolerance.count()) + " s allowed (check this machine's clock)");
  }
  std::string signature;
  if (!DecodeHex(*signature_hex, signature) || signature.size() != 64) {
    return Reject("X-Fal-Webhook-Signature is not 128 hex characters (an Ed25519 signature)");
  }
  std::string message = *request_id + "\n" + *user_id + "\n" + *timestamp + "\n" + internal::Sha256Hex(body);
  for (const Jwks::Key& key : keys.keys()) {
    if (internal::VerifyEd25519(key.public_key, message, signature)) return {};
  }
  return Reject("the signature matches none of the " + std::to_string(keys.keys().size()) +
                " key(s); if fal rotated its keys, refresh the JWKS (JwksCache::Refresh)");
}

JwksCache::JwksCache(std::string url, std::chrono::seconds max_age,
                     std::shared_ptr<http::Transport> transport)
    : url_(std::move(url)), max_age_(max_age), transport_(std::move(transport)) {}

Result<Jwks> JwksCache::Get() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cached_ && std::chrono::steady_clock::now() - fetched_at_ < max_age_) return *cached_;
  }
  return Refresh();
}

Result<Jwks> JwksCache::Refresh() {
  std::shared_ptr<http::Transport> transport;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!transport_) {
      http::CurlTransportOptions one_thread;
      one_thread.threads = 1;
      transport_ = http::MakeCurlTransport(one_thread);
    }
    transport = transport_;
  }
  http::Request request;
  request.url = url_;
  request.headers = {{"Accept", "application/json"}};
  request.timeout = std::chrono::seconds(10);
  request.follow_redirects = true;
  std::promise<http::Outcome> promise;
  auto future = promise.get_future();
  transport->Send(request, [&promise](http::Outcome o) { promise.set_value(std::move(o)); });
  http::Outcome outcome = future.get();
  std::string what = "fetching the webhook keys from " + url_;
  if (outcome.error) return Error(ErrorCode::kUnavailable, what + " failed: " + outcome.error->message);
  if (outcome.response->status != 200) return internal::ErrorFromResponse(*outcome.response, what);
  Result<Jwks> jwks = Jwks::Parse(outcome.response->body);
  if (!jwks) return jwks.error();
  std::lock_guard<std::mutex> lock(mu_);
  cached_ = *jwks;
  fetched_at_ = std::chrono::steady_clock::now();
  return jwks;
}

}  // namespace fal::webhooks
