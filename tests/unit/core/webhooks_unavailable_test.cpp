// A falcpp built without OpenSSL (FALCPP_WEBHOOK_VERIFY=OFF): Verify rejects every webhook, even a
// well-formed one, and says why and how to get verification.
#include <gtest/gtest.h>

#include "fal/webhooks.hpp"

namespace fal::webhooks {
namespace {

TEST(WebhooksWithoutOpenSsl, VerifySaysItIsNotBuiltIn) {
  Result<Jwks> keys = Jwks::Parse(R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1",)"
                                  R"("x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})");
  ASSERT_TRUE(keys.ok()) << keys.error().message();
  http::Headers headers = {{"X-Fal-Webhook-Request-Id", "r"},
                           {"X-Fal-Webhook-User-Id", "u"},
                           {"X-Fal-Webhook-Timestamp", "1700000000"},
                           {"X-Fal-Webhook-Signature", std::string(128, 'a')}};
  Result<void> verified = Verify(headers, "{}", *keys);
  ASSERT_FALSE(verified.ok());
  EXPECT_NE(verified.error().message().find("FALCPP_WEBHOOK_VERIFY=OFF"), std::string::npos)
      << verified.error().message();
  EXPECT_NE(verified.error().message().find("OpenSSL"), std::string::npos);
}

}  // namespace
}  // namespace fal::webhooks
