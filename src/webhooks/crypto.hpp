#pragma once
// The two primitives webhook verification needs: SHA-256 and Ed25519 signature checks. OpenSSL's libcrypto
// provides them (crypto_openssl.cpp); a build without OpenSSL (FALCPP_WEBHOOK_VERIFY=OFF, e.g. a Windows
// build that skips building OpenSSL) has crypto_unavailable.cpp, and Verify says so (docs/platforms.md).

#include <string>
#include <string_view>

namespace fal::internal {

/// False when this build has no crypto library: Verify then rejects every webhook with an explanation.
bool WebhookCryptoAvailable();
/// SHA-256 of `data` as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);
/// True when `signature` (64 bytes) is `message` signed by the Ed25519 `public_key` (32 raw bytes).
bool VerifyEd25519(const std::string& public_key, std::string_view message, const std::string& signature);

}  // namespace fal::internal
