// Ed25519 signing of webhook deliveries, as fal signs them (fal-protocol.md section 8): the signed
// message is request_id, user_id, timestamp and hex(sha256(body)) joined by newlines, the signature is
// hex, and the public key is published as a JWKS at /.well-known/jwks.json.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_pkey_st;

namespace fal::emulator {

class WebhookSigner {
 public:
  // A fresh key pair.
  static std::unique_ptr<WebhookSigner> Generate(std::string* error);
  // A PEM-encoded Ed25519 private key (e.g. from `openssl genpkey -algorithm ed25519`).
  static std::unique_ptr<WebhookSigner> LoadPem(const std::string& path, std::string* error);
  ~WebhookSigner();
  WebhookSigner(const WebhookSigner&) = delete;
  WebhookSigner& operator=(const WebhookSigner&) = delete;

  // Hex-encoded detached signature of `message`.
  std::string SignHex(std::string_view message) const;
  // {"keys":[{"kty":"OKP","crv":"Ed25519","x":...,"kid":...,"use":"sig","alg":"EdDSA"}]}
  const std::string& jwks() const { return jwks_; }
  const std::string& key_id() const { return key_id_; }

 private:
  explicit WebhookSigner(evp_pkey_st* key);

  evp_pkey_st* key_;
  std::string key_id_;
  std::string jwks_;
};

std::string WebhookSignedMessage(std::string_view request_id, std::string_view user_id,
                                 std::string_view timestamp, std::string_view body);

}  // namespace fal::emulator
