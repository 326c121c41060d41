// A build without OpenSSL (FALCPP_WEBHOOK_VERIFY=OFF): nothing verifies, so nothing passes.
#include "webhooks/crypto.hpp"

namespace fal::internal {

bool WebhookCryptoAvailable() { return false; }
std::string Sha256Hex(std::string_view) { return {}; }
bool VerifyEd25519(const std::string&, std::string_view, const std::string&) { return false; }

}  // namespace fal::internal
