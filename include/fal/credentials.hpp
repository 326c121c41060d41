#pragma once
/// @file
/// The API key, held so that it cannot be printed by accident.

#include <optional>
#include <string>

#include "fal/export.hpp"

namespace fal {

/// fal credentials ("key" or "key_id:key_secret"). There is no way to print them: ToString() and
/// operator<< show only whether a key is set, and the secret is wiped from memory on destruction.
///
/// @par Thread safety
/// A plain value.
class FALCPP_EXPORT Credentials {
 public:
  Credentials() = default;
  /// Wraps an explicit key. An empty string means "no credentials".
  explicit Credentials(std::string key) : key_(std::move(key)) {}
  Credentials(const Credentials&) = default;                 ///< Copies the key.
  Credentials(Credentials&&) noexcept = default;             ///< Moves the key.
  Credentials& operator=(const Credentials&) = default;      ///< Copies the key.
  Credentials& operator=(Credentials&&) noexcept = default;  ///< Moves the key.
  ~Credentials();

  /// FAL_KEY; else FAL_KEY_ID and FAL_KEY_SECRET joined by ':' (both must be set); else empty.
  static Credentials FromEnvironment();

  bool empty() const { return key_.empty(); }  ///< True when no key is set.
  /// "Credentials(set)" or "Credentials(none)": never the secret.
  std::string ToString() const;

  /// The Authorization header value, "Key <secret>". Only the transport layer should call this.
  std::string AuthorizationHeaderValue() const { return "Key " + key_; }
  /// The raw secret, for code that must scrub it from text it produces (e.g. redaction checks).
  const std::string& Secret() const { return key_; }

 private:
  std::string key_;
};

}  // namespace fal
