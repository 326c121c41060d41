// Webhook verification (fal/webhooks.hpp): Verify never accepts what the key did not sign. The fuzzer
// picks the request id, user id, timestamp, signature and body; in "signed" inputs the target signs them
// with a real Ed25519 key first, so that acceptance is checked exactly (valid and in time: accepted), and
// then tampers with each part (any change: rejected), or signs with a key outside the JWKS (rejected).
// Payload and JWKS parsing see the same bytes.
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fal/data_uri.hpp"
#include "fal/webhooks.hpp"
#include "fuzz_check.hpp"

namespace {

using fal::webhooks::Jwks;

constexpr long long kNow = 1795000000;
__extension__ typedef __int128 Int128;  // wide enough to check a timestamp without overflowing

struct Key {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{nullptr, &EVP_PKEY_free};
  std::string jwks;
};

Key NewKey() {
  Key k;
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY_keygen_init(ctx.get());
  EVP_PKEY_keygen(ctx.get(), &raw);
  k.pkey.reset(raw);
  unsigned char pub[32];
  std::size_t len = sizeof pub;
  EVP_PKEY_get_raw_public_key(raw, pub, &len);
  std::string x = fal::Base64Encode(std::string_view(reinterpret_cast<const char*>(pub), len));
  for (char& c : x) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!x.empty() && x.back() == '=') x.pop_back();
  k.jwks = R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":")" + x + R"(","kid":"k"}]})";
  return k;
}

std::string Sha256Hex(std::string_view body) {
  unsigned char digest[32];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string SignHex(EVP_PKEY* key, const std::string& message) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char sig[64];
  std::size_t len = sizeof sig;
  EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key);
  EVP_DigestSign(ctx.get(), sig, &len, reinterpret_cast<const unsigned char*>(message.data()),
                 message.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < len; ++i) {
    out += kHex[sig[i] >> 4];
    out += kHex[sig[i] & 15];
  }
  return out;
}

// Takes a length-prefixed field off the front of the input.
std::string Take(std::string_view& in) {
  if (in.empty()) return "";
  std::size_t n = static_cast<unsigned char>(in.front()) % 48;
  in.remove_prefix(1);
  n = std::min(n, in.size());
  std::string out(in.substr(0, n));
  in.remove_prefix(n);
  return out;
}

bool Accepted(const fal::http::Headers& headers, std::string_view body, const Jwks& jwks) {
  fal::webhooks::VerifyOptions options;
  options.now = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(kNow)); };
  return fal::webhooks::Verify(headers, body, jwks, options).ok();
}

fal::http::Headers HeadersOf(const std::string& id, const std::string& user, const std::string& ts,
                             const std::string& sig) {
  return {{"X-Fal-Webhook-Request-Id", id},
          {"X-Fal-Webhook-User-Id", user},
          {"X-Fal-Webhook-Timestamp", ts},
          {"X-Fal-Webhook-Signature", sig}};
}

// What Verify must decide for a correctly signed delivery: every field present, the timestamp plain
// decimal seconds within 300 s of now (computed without overflow).
bool ShouldAccept(const std::string& id, const std::string& user, const std::string& ts) {
  if (id.empty() || user.empty() || ts.empty()) return false;
  std::size_t i = ts[0] == '-' ? 1 : 0;
  if (i == ts.size()) return false;
  Int128 value = 0;
  for (; i < ts.size(); ++i) {
    if (ts[i] < '0' || ts[i] > '9') return false;
    value = value * 10 + (ts[i] - '0');
    if (value > static_cast<Int128>(INT64_MAX) + 1) return false;  // out of range for a long long
  }
  if (ts[0] == '-') value = -value;
  if (value > INT64_MAX || value < INT64_MIN) return false;
  Int128 skew = static_cast<Int128>(kNow) - value;
  return skew <= 300 && skew >= -300;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Key signer = NewKey();
  static const Key outsider = NewKey();
  static const Jwks jwks = Jwks::Parse(signer.jwks).value();

  std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)fal::webhooks::ParsePayload(in);
  (void)Jwks::Parse(in);
  if (in.empty()) return 0;
  const std::uint8_t mode = static_cast<std::uint8_t>(in.front());
  in.remove_prefix(1);
  const std::string id = Take(in), user = Take(in);
  std::string ts = Take(in);
  std::string sig = Take(in);
  const std::string body(in);

  if ((mode & 1) == 0) {
    // Unsigned: whatever the fuzzer wrote is not a signature by our key.
    FUZZ_CHECK(!Accepted(HeadersOf(id, user, ts, sig), body, jwks),
               "accepted a signature the key never made");
    FUZZ_CHECK(!Accepted(HeadersOf(id, user, ts, sig + sig), body, jwks), "accepted a doubled signature");
    return 0;
  }
  if (mode & 2) ts = std::to_string(kNow - static_cast<int>(mode >> 2) * 5);  // 0..315 s ago
  const std::string message = id + "\n" + user + "\n" + ts + "\n" + Sha256Hex(body);
  const std::string good = SignHex(signer.pkey.get(), message);
  const bool should = ShouldAccept(id, user, ts);
  FUZZ_CHECK(
      Accepted(HeadersOf(id, user, ts, good), body, jwks) == should,
      should ? "rejected a valid delivery" : "accepted a delivery that is missing a field or out of time");
  if (!should) return 0;

  FUZZ_CHECK(!Accepted(HeadersOf(id, user, ts, good), body + "x", jwks), "accepted a tampered body");
  if (!body.empty()) {
    std::string flipped = body;
    flipped[sig.size() % body.size()] ^= static_cast<char>(1 + (mode & 0x7f));
    FUZZ_CHECK(!Accepted(HeadersOf(id, user, ts, good), flipped, jwks), "accepted a changed body");
  }
  FUZZ_CHECK(!Accepted(HeadersOf(id + "x", user, ts, good), body, jwks), "accepted another request id");
  FUZZ_CHECK(!Accepted(HeadersOf(id, user + "x", ts, good), body, jwks), "accepted another user id");
  std::string bad = good;
  bad[sig.size() % bad.size()] = bad[sig.size() % bad.size()] == '0' ? '1' : '0';
  FUZZ_CHECK(!Accepted(HeadersOf(id, user, ts, bad), body, jwks), "accepted a changed signature");
  FUZZ_CHECK(!Accepted(HeadersOf(id, user, ts, SignHex(outsider.pkey.get(), message)), body, jwks),
             "accepted a signature by a key outside the JWKS");
  return 0;
}
