// Webhook payloads and signatures: valid, tampered, wrong key, rotated keys, clock skew, bad headers.
#include "fal/webhooks.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>

#include "fal/data_uri.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal::webhooks {
namespace {

using Clock = std::chrono::system_clock;

// An Ed25519 key pair made for the test, with helpers to sign as fal does.
class SigningKey {
 public:
  SigningKey() {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    EVP_PKEY_keygen_init(ctx);
    EVP_PKEY_keygen(ctx, &key_);
    EVP_PKEY_CTX_free(ctx);
  }
  ~SigningKey() { EVP_PKEY_free(key_); }

  std::string JwkEntry(const std::string& kid) const {
    unsigned char raw[32];
    size_t len = sizeof raw;
    EVP_PKEY_get_raw_public_key(key_, raw, &len);
    std::string x = Base64Encode(std::string_view(reinterpret_cast<char*>(raw), len));
    for (char& c : x) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!x.empty() && x.back() == '=') x.pop_back();
    return R"({"kty":"OKP","crv":"Ed25519","kid":")" + kid + R"(","x":")" + x + R"("})";
  }

  std::string SignHex(const std::string& message) const {
    unsigned char sig[64];
    size_t len = sizeof sig;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key_);
    EVP_DigestSign(ctx, sig, &len, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < len; ++i) {
      out += hex[sig[i] >> 4];
      out += hex[sig[i] & 15];
    }
    return out;
  }

 private:
  EVP_PKEY* key_ = nullptr;
};

std::string Sha256Hex(const std::string& body) {
  unsigned char d[32];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), d);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : d) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

constexpr long long kNow = 1795262400;
const std::string kBody =
    R"({"request_id":"req-1","gateway_request_id":"gw-1","status":"OK","payload":{"video":{"url":"https://cdn/v.mp4"},"seed":3,"prompt":"3DREAL. x"}})";

http::Headers Signed(const SigningKey& key, const std::string& body, long long ts = kNow) {
  std::string t = std::to_string(ts);
  std::string sig = key.SignHex("req-1\nuser-1\n" + t + "\n" + Sha256Hex(body));
  return {{"X-Fal-Webhook-Request-Id", "req-1"},
          {"X-Fal-Webhook-User-Id", "user-1"},
          {"X-Fal-Webhook-Timestamp", t},
          {"X-Fal-Webhook-Signature", sig}};
}

VerifyOptions At(long long seconds) {
  VerifyOptions o;
  o.now = [seconds] { return Clock::time_point(std::chrono::seconds(seconds)); };
  return o;
}

Jwks KeysOf(std::initializer_list<std::string> entries) {
  std::string doc = R"({"keys":[)";
  bool first = true;
  for (const auto& e : entries) {
    doc += (first ? "" : ",") + e;
    first = false;
  }
  return Jwks::Parse(doc + "]}").value();
}

TEST(Verify, AcceptsAValidSignature) {
  SigningKey key;
  EXPECT_TRUE(Verify(Signed(key, kBody), kBody, KeysOf({key.JwkEntry("k1")}), At(kNow)).ok());
}

TEST(Verify, RejectsATamperedBody) {
  SigningKey key;
  auto r = Verify(Signed(key, kBody), kBody + " ", KeysOf({key.JwkEntry("k1")}), At(kNow));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_NE(r.error().message().find("matches none"), std::string::npos);
}

TEST(Verify, RejectsAnotherKey) {
  SigningKey key, other;
  EXPECT_FALSE(Verify(Signed(key, kBody), kBody, KeysOf({other.JwkEntry("k2")}), At(kNow)).ok());
}

TEST(Verify, RotatedKeysAnyMatchCounts) {
  SigningKey old_key, new_key;
  Jwks both = KeysOf({old_key.JwkEntry("old"), new_key.JwkEntry("new")});
  EXPECT_TRUE(Verify(Signed(new_key, kBody), kBody, both, At(kNow)).ok());
  EXPECT_TRUE(Verify(Signed(old_key, kBody), kBody, both, At(kNow)).ok());
}

TEST(Verify, TimestampToleranceBothWays) {
  SigningKey key;
  Jwks keys = KeysOf({key.JwkEntry("k")});
  EXPECT_TRUE(Verify(Signed(key, kBody, kNow - 300), kBody, keys, At(kNow)).ok());
  EXPECT_TRUE(Verify(Signed(key, kBody, kNow + 300), kBody, keys, At(kNow)).ok());
  auto stale = Verify(Signed(key, kBody, kNow - 301), kBody, keys, At(kNow));
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.error().message().find("old"), std::string::npos);
  auto future = Verify(Signed(key, kBody, kNow + 301), kBody, keys, At(kNow));
  ASSERT_FALSE(future.ok());
  EXPECT_NE(future.error().message().find("future"), std::string::npos);
  VerifyOptions wide = At(kNow);
  wide.tolerance = std::chrono::seconds(3600);
  EXPECT_TRUE(Verify(Signed(key, kBody, kNow - 3000), kBody, keys, wide).ok());
}

TEST(Verify, MalformedHeaders) {
  SigningKey key;
  Jwks keys = KeysOf({key.JwkEntry("k")});
  http::Headers good = Signed(key, kBody);
  for (std::size_t drop = 0; drop < good.size(); ++drop) {
    http::Headers h = good;
    h.erase(h.begin() + static_cast<long>(drop));
    auto r = Verify(h, kBody, keys, At(kNow));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("missing"), std::string::npos) << drop;
  }
  auto with = [&](const char* name, std::string value) {
    http::Headers h = good;
    for (auto& [k, v] : h) {
      if (k == name) v = std::move(value);
    }
    return Verify(h, kBody, keys, At(kNow));
  };
  EXPECT_FALSE(with("X-Fal-Webhook-Signature", "zz" + good[3].second.substr(2)).ok());
  EXPECT_FALSE(with("X-Fal-Webhook-Signature", good[3].second.substr(2)).ok());
  EXPECT_FALSE(with("X-Fal-Webhook-Timestamp", "12a").ok());
  EXPECT_FALSE(with("X-Fal-Webhook-Timestamp", std::to_string(kNow + 1)).ok());  // signed value changed
  EXPECT_FALSE(with("X-Fal-Webhook-Request-Id", "req-2").ok());
}

TEST(Jwks, SkipsOtherKeyTypesAndRejectsGarbage) {
  SigningKey key;
  auto jwks = Jwks::Parse(R"({"keys":[{"kty":"RSA","n":"x","e":"AQAB"},)" + key.JwkEntry("ed") + "]}");
  ASSERT_TRUE(jwks.ok());
  ASSERT_EQ(jwks->keys().size(), 1u);
  EXPECT_EQ(jwks->keys()[0].kid, "ed");
  EXPECT_EQ(jwks->keys()[0].public_key.size(), 32u);
  for (const char* bad : {"", "[]", R"({"keys":{}})", R"({"keys":[]})",
                          R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"short"}]})"}) {
    EXPECT_EQ(Jwks::Parse(bad).error().code(), ErrorCode::kMalformedResponse) << bad;
  }
}

// Found by the webhook fuzz target: members of another type made Jwks::Parse throw out of the library.
TEST(Jwks, MembersOfAnotherTypeAreSkippedNotThrown) {
  SigningKey key;
  std::string entry = key.JwkEntry("k");
  entry.replace(entry.find(R"("kid":"k")"), 9, R"("kid":7)");
  Result<Jwks> jwks = Error();
  // A throw would escape the test; built without exceptions, nlohmann would abort instead.
  jwks = Jwks::Parse(R"({"keys":[{"kty":4,"x":"a"},{"kty":"OKP","crv":null},)" + entry + "]}");
  ASSERT_TRUE(jwks.ok()) << jwks.error().ToString();
  ASSERT_EQ(jwks->keys().size(), 1u);
  EXPECT_EQ(jwks->keys()[0].kid, "") << "a number is not a kid";
  jwks = Jwks::Parse(R"({"keys":[{"kty":4,"x":"11qYAYKxCrfcHURy","kid":"a"}]})");
  EXPECT_EQ(jwks.error().code(), ErrorCode::kMalformedResponse);
}

TEST(Payload, OkFormIsTyped) {
  auto p = ParsePayload(kBody).value();
  EXPECT_EQ(p.status, Payload::Status::kOk);
  EXPECT_EQ(p.request_id, "req-1");
  EXPECT_EQ(p.gateway_request_id, "gw-1");
  auto out = OutputOf<ltx::RenderToRealInput>(p);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->video.url, "https://cdn/v.mp4");
  EXPECT_EQ(out->seed, 3);
}

TEST(Payload, ErrorFormCarriesFieldErrors) {
  auto p =
      ParsePayload(
          R"({"request_id":"r2","status":"ERROR","error":"Invalid status code: 422",)"
          R"("payload":{"detail":[{"loc":["body","num_frames"],"msg":"over budget","type":"budget_exceeded"}]}})")
          .value();
  EXPECT_EQ(p.status, Payload::Status::kError);
  ASSERT_EQ(p.field_errors.size(), 1u);
  auto out = OutputOf<ltx::RenderToRealInput>(p);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kJobFailed);
  EXPECT_EQ(out.error().request_id(), "r2");
  EXPECT_EQ(out.error().field_errors()[0].Path(), "num_frames");
}

TEST(Payload, PayloadErrorAndGarbage) {
  auto p = ParsePayload(
               R"({"request_id":"r3","status":"ERROR","payload":null,"payload_error":"output is not JSON"})")
               .value();
  EXPECT_TRUE(p.payload_json.empty());
  EXPECT_EQ(p.payload_error, "output is not JSON");
  EXPECT_NE(OutputOf<ltx::RenderToRealInput>(p).error().message().find("output is not JSON"),
            std::string::npos);
  for (const char* bad : {"", "{", "[]", R"({"status":"OK"})"}) {
    EXPECT_EQ(ParsePayload(bad).error().code(), ErrorCode::kMalformedResponse) << bad;
  }
}

TEST(ReplayGuard, RemembersUpToCapacity) {
  ReplayGuard guard(2);
  EXPECT_FALSE(guard.Seen("a"));
  EXPECT_TRUE(guard.Seen("a"));
  EXPECT_FALSE(guard.Seen("b"));
  EXPECT_FALSE(guard.Seen("c"));  // forgets "a"
  EXPECT_FALSE(guard.Seen("a"));
  EXPECT_TRUE(guard.Seen("c"));
}

}  // namespace
}  // namespace fal::webhooks
