// Webhooks: delivery of fal's payload (OK and ERROR forms), the Ed25519 signature checked here with
// OpenSSL against the JWKS the emulator serves, redelivery with backoff, and the webhook faults.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>

#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

std::string HexDecode(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

// Verifies as a receiver would (fal-protocol.md 8): the message is request id, user id, timestamp and
// hex(sha256(body)) joined by newlines; any key of the JWKS may have signed it.
bool VerifySignature(const json& jwks, const httplib::Headers& headers, const std::string& body) {
  const std::string message = HeaderValue(headers, "X-Fal-Webhook-Request-Id") + "\n" +
                              HeaderValue(headers, "X-Fal-Webhook-User-Id") + "\n" +
                              HeaderValue(headers, "X-Fal-Webhook-Timestamp") + "\n" + Sha256Hex(body);
  const std::string signature = HexDecode(HeaderValue(headers, "X-Fal-Webhook-Signature"));
  for (const auto& key : jwks["keys"]) {
    const std::string raw = Base64Decode(key["x"]);
    EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    if (!pkey) continue;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok =
        EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    if (ok) return true;
  }
  return false;
}

class EmulatorWebhookTest : public EmulatorTest {
 protected:
  void SetUp() override { Restart(FastArgs({"--webhook-backoff-ms", "20"})); }
  json Jwks() { return ParseJson(http().Get("/.well-known/jwks.json")->body); }
  std::string SubmitWithHook(const json& input, const std::string& hook_url,
                             const std::string& endpoint = kRenderToReal) {
    return Submit(endpoint, input,
                  "?fal_webhook=" + httplib::detail::encode_query_param(hook_url))["request_id"];
  }
  WebhookReceiver receiver_;
};

TEST_F(EmulatorWebhookTest, CompletionIsDeliveredSignedWithTheOkPayload) {
  const std::string id = SubmitWithHook(MinimalInput(kRenderToReal), receiver_.url("/hook?token=a b&x=1"));
  const auto deliveries = receiver_.WaitFor(1);
  ASSERT_EQ(deliveries.size(), 1u);
  const auto& hook = deliveries[0];
  EXPECT_EQ(hook.target, "/hook?token=a%20b&x=1");
  const json body = ParseJson(hook.body);
  EXPECT_EQ(body["request_id"], id);
  EXPECT_EQ(body["gateway_request_id"], id);
  EXPECT_EQ(body["status"], "OK");
  EXPECT_FALSE(body.contains("error"));
  EXPECT_EQ(body["payload"]["video"]["content_type"], "video/mp4");
  // The payload is the job's result.
  EXPECT_EQ(body["payload"], ParseJson(http().Get("/fal-ai/ltx-2.3-quality/requests/" + id)->body));

  EXPECT_EQ(HeaderValue(hook.headers, "X-Fal-Webhook-Request-Id"), id);
  EXPECT_EQ(HeaderValue(hook.headers, "X-Fal-Webhook-User-Id"), "emulator-user");
  EXPECT_EQ(HeaderValue(hook.headers, "Content-Type"), "application/json");
  const long long timestamp = std::stoll(HeaderValue(hook.headers, "X-Fal-Webhook-Timestamp"));
  EXPECT_LE(std::llabs(timestamp - static_cast<long long>(time(nullptr))), 5);
  EXPECT_TRUE(VerifySignature(Jwks(), hook.headers, hook.body));
  // A tampered body no longer verifies.
  EXPECT_FALSE(VerifySignature(Jwks(), hook.headers, hook.body + " "));
  const json stats = WaitForStat("webhooks_delivered", 1);
  EXPECT_EQ(stats["webhooks_delivered"], 1);
  EXPECT_EQ(stats["webhook_attempts"], 1);
}

TEST_F(EmulatorWebhookTest, AFailedJobDeliversTheErrorForm) {
  json input = MinimalInput(kRenderToReal);
  input["num_frames"] = 300;
  const std::string id = SubmitWithHook(input, receiver_.url());
  const auto deliveries = receiver_.WaitFor(1);
  ASSERT_EQ(deliveries.size(), 1u);
  const json body = ParseJson(deliveries[0].body);
  EXPECT_EQ(body["status"], "ERROR");
  EXPECT_EQ(body["error"], "Invalid status code: 422");
  EXPECT_EQ(body["payload"]["detail"][0]["loc"], json::array({"body", "num_frames"}));
  EXPECT_TRUE(VerifySignature(Jwks(), deliveries[0].headers, deliveries[0].body));
}

TEST_F(EmulatorWebhookTest, RedeliveredWithBackoffUntilA2xx) {
  receiver_.AnswerWith({500, 503});
  SubmitWithHook(MinimalInput(kImageToVideo), receiver_.url(), kImageToVideo);
  const auto deliveries = receiver_.WaitFor(3);
  ASSERT_EQ(deliveries.size(), 3u);
  EXPECT_EQ(deliveries[0].body, deliveries[2].body);
  // 20 ms, then 40 ms: the delay doubles.
  EXPECT_GE(deliveries[1].at - deliveries[0].at, std::chrono::milliseconds(18));
  EXPECT_GE(deliveries[2].at - deliveries[1].at, std::chrono::milliseconds(38));
  const json stats = WaitForStat("webhooks_delivered", 1);
  EXPECT_EQ(stats["webhook_attempts"], 3);
  EXPECT_EQ(stats["webhooks_delivered"], 1);
  EXPECT_EQ(stats["webhooks_failed"], 0);
}

TEST_F(EmulatorWebhookTest, GivesUpAfterTheBoundedNumberOfAttempts) {
  Restart(FastArgs({"--webhook-backoff-ms", "5", "--webhook-attempts", "3"}));
  receiver_.AnswerWith({500, 500, 500, 500, 500});
  SubmitWithHook(MinimalInput(kImageToVideo), receiver_.url(), kImageToVideo);
  receiver_.WaitFor(3);
  const json stats = WaitForStat("webhooks_failed", 1);
  // The emulator counts an attempt before making it, and gives up for good: attempts stays at 3 and the
  // receiver has exactly those 3.
  EXPECT_EQ(receiver_.WaitFor(3, std::chrono::milliseconds(1)).size(), 3u);
  EXPECT_EQ(stats["webhook_attempts"], 3);
  EXPECT_EQ(stats["webhooks_failed"], 1);
  EXPECT_EQ(stats["webhooks_delivered"], 0);
}

TEST_F(EmulatorWebhookTest, AnUnreachableReceiverIsRetriedThenGivenUp) {
  Restart(FastArgs({"--webhook-backoff-ms", "5", "--webhook-attempts", "2"}));
  SubmitWithHook(MinimalInput(kImageToVideo), "http://127.0.0.1:1/hook", kImageToVideo);
  EXPECT_EQ(WaitForStat("webhooks_failed", 1)["webhooks_failed"], 1);
  EXPECT_EQ(Stats()["webhook_attempts"], 2);
}

TEST_F(EmulatorWebhookTest, OnlyLoopbackHttpTargetsAreDelivered) {
  for (const std::string url : {"http://example.com/hook", "https://127.0.0.1/hook", "http://10.0.0.1/h",
                                "http://user@127.0.0.1/h"}) {
    const std::string id = SubmitWithHook(MinimalInput(kImageToVideo), url, kImageToVideo);
    WaitCompleted(kQualityApp, id);
  }
  const json stats = WaitForStat("webhooks_refused", 4);
  EXPECT_EQ(stats["webhooks_refused"], 4);
  EXPECT_EQ(stats["webhook_attempts"], 0);
}

TEST_F(EmulatorWebhookTest, CancelledJobsAreReportedToo) {
  Restart(FastArgs({"--queue-ms", "1000"}));
  const std::string id = SubmitWithHook(MinimalInput(kImageToVideo), receiver_.url(), kImageToVideo);
  http().Put("/fal-ai/ltx-2.3-quality/requests/" + id + "/cancel", "", "application/json");
  const auto deliveries = receiver_.WaitFor(1);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(ParseJson(deliveries[0].body)["status"], "ERROR");
  EXPECT_EQ(ParseJson(deliveries[0].body)["error"], "Invalid status code: 499");
}

TEST_F(EmulatorWebhookTest, TheSigningKeyCanBeGivenAsPem) {
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  ASSERT_TRUE(ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &key) == 1);
  EVP_PKEY_CTX_free(ctx);
  char path[] = "/tmp/fal-emulator-key-XXXXXX";
  const int fd = mkstemp(path);
  FILE* file = fdopen(fd, "w");
  PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
  fclose(file);
  unsigned char raw[32];
  std::size_t raw_size = sizeof raw;
  EVP_PKEY_get_raw_public_key(key, raw, &raw_size);
  EVP_PKEY_free(key);

  Restart(FastArgs({"--webhook-key", path, "--webhook-user-id", "user-42"}));
  unlink(path);
  EXPECT_EQ(Base64Decode(Jwks()["keys"][0]["x"]), std::string(reinterpret_cast<char*>(raw), raw_size));
  SubmitWithHook(MinimalInput(kRenderToReal), receiver_.url());
  const auto deliveries = receiver_.WaitFor(1);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(HeaderValue(deliveries[0].headers, "X-Fal-Webhook-User-Id"), "user-42");
  EXPECT_TRUE(VerifySignature(Jwks(), deliveries[0].headers, deliveries[0].body));
}

TEST_F(EmulatorWebhookTest, ABadKeyFileStopsTheStart) {
  EXPECT_THROW(EmulatorProcess({"--webhook-key", "/nonexistent/key.pem"}), std::runtime_error);
}

TEST_F(EmulatorWebhookTest, FaultBadSignatureFailsVerification) {
  Restart(FastArgs({"--faults", "webhook:bad-signature"}));
  SubmitWithHook(MinimalInput(kRenderToReal), receiver_.url());
  SubmitWithHook(MinimalInput(kRenderToReal), receiver_.url());
  const auto deliveries = receiver_.WaitFor(2);
  ASSERT_EQ(deliveries.size(), 2u);
  // x1 by default: one bad, one good (in completion order).
  const int good = VerifySignature(Jwks(), deliveries[0].headers, deliveries[0].body) +
                   VerifySignature(Jwks(), deliveries[1].headers, deliveries[1].body);
  EXPECT_EQ(good, 1);
}

TEST_F(EmulatorWebhookTest, FaultStaleTimestampIsTenMinutesOld) {
  Restart(FastArgs({"--faults", "webhook:stale-timestamp"}));
  SubmitWithHook(MinimalInput(kRenderToReal), receiver_.url());
  const auto deliveries = receiver_.WaitFor(1);
  ASSERT_EQ(deliveries.size(), 1u);
  const long long age = static_cast<long long>(time(nullptr)) -
                        std::stoll(HeaderValue(deliveries[0].headers, "X-Fal-Webhook-Timestamp"));
  EXPECT_GE(age, 599);
  EXPECT_LE(age, 605);
  // Signed correctly over the stale timestamp: only the receiver's time check can catch it.
  EXPECT_TRUE(VerifySignature(Jwks(), deliveries[0].headers, deliveries[0].body));
}

TEST_F(EmulatorWebhookTest, FaultDuplicateDeliversTwice) {
  Restart(FastArgs({"--faults", "webhook:duplicate"}));
  const std::string id = SubmitWithHook(MinimalInput(kRenderToReal), receiver_.url());
  const auto deliveries = receiver_.WaitFor(2);
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries[0].body, deliveries[1].body);
  EXPECT_EQ(HeaderValue(deliveries[1].headers, "X-Fal-Webhook-Request-Id"), id);
  EXPECT_TRUE(VerifySignature(Jwks(), deliveries[1].headers, deliveries[1].body));
}

TEST_F(EmulatorWebhookTest, FaultStallDelaysTheDelivery) {
  Restart(FastArgs({"--faults", "webhook:stall=300"}));
  const std::string id = SubmitWithHook(MinimalInput(kRenderToReal), receiver_.url());
  WaitCompleted(kQualityApp, id);
  const auto completed = std::chrono::steady_clock::now();
  const auto deliveries = receiver_.WaitFor(1);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_GE(deliveries[0].at - completed, std::chrono::milliseconds(200));
  EXPECT_EQ(WaitForStat("faults_injected", 1)["faults_by_route"]["webhook"], 1);
}

}  // namespace
}  // namespace fal::emulator_test
