#include "webhook_signer.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "crypto.hpp"

namespace fal::emulator {

std::unique_ptr<WebhookSigner> WebhookSigner::Generate(std::string* error) {
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_keygen(ctx, &key) <= 0) {
    if (error) *error = "could not generate an Ed25519 webhook key";
    EVP_PKEY_CTX_free(ctx);
    return nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  return std::unique_ptr<WebhookSigner>(new WebhookSigner(key));
}

std::unique_ptr<WebhookSigner> WebhookSigner::LoadPem(const std::string& path, std::string* error) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (!file) {
    if (error) *error = "cannot open webhook key " + path;
    return nullptr;
  }
  EVP_PKEY* key = PEM_read_PrivateKey(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (!key || EVP_PKEY_id(key) != EVP_PKEY_ED25519) {
    if (error) *error = "webhook key " + path + " is not a PEM Ed25519 private key";
    EVP_PKEY_free(key);
    return nullptr;
  }
  return std::unique_ptr<WebhookSigner>(new WebhookSigner(key));
}

WebhookSigner::WebhookSigner(evp_pkey_st* key) : key_(key) {
  unsigned char raw[32];
  std::size_t raw_size = sizeof raw;
  EVP_PKEY_get_raw_public_key(key_, raw, &raw_size);
  key_id_ = "fal-emulator-" + HexEncode(raw, raw_size).substr(0, 16);
  const nlohmann::json key_json = {
      {"kty", "OKP"},   {"crv", "Ed25519"}, {"x", Base64UrlEncodeUnpadded(raw, raw_size)},
      {"kid", key_id_}, {"use", "sig"},     {"alg", "EdDSA"}};
  jwks_ = nlohmann::json{{"keys", nlohmann::json::array({key_json})}}.dump();
}

WebhookSigner::~WebhookSigner() { EVP_PKEY_free(key_); }

std::string WebhookSigner::SignHex(std::string_view message) const {
  unsigned char signature[64];
  std::size_t size = sizeof signature;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key_);
  EVP_DigestSign(ctx, signature, &size, reinterpret_cast<const unsigned char*>(message.data()),
                 message.size());
  EVP_MD_CTX_free(ctx);
  return HexEncode(signature, size);
}

std::string WebhookSignedMessage(std::string_view request_id, std::string_view user_id,
                                 std::string_view timestamp, std::string_view body) {
  std::string message;
  message.reserve(request_id.size() + user_id.size() + timestamp.size() + 67);
  message.append(request_id).append("\n").append(user_id).append("\n").append(timestamp).append("\n");
  message += Sha256Hex(body);
  return message;
}

}  // namespace fal::emulator
