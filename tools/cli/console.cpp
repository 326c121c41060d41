#include "console.hpp"

#include <cstdio>
#include <cstdlib>

#include "fal/credentials.hpp"
#include "os.hpp"

namespace fal::cli {

Console::Console() : stderr_is_terminal_(os::StderrIsTerminal()) {
  // The key as the client reads it, and its parts: FAL_KEY_ID:FAL_KEY_SECRET is joined by the library.
  std::vector<std::string> candidates = {fal::Credentials::FromEnvironment().Secret()};
  for (const char* name : {"FAL_KEY", "FAL_KEY_SECRET"}) {
    if (const char* v = std::getenv(name)) candidates.emplace_back(v);
  }
  for (std::string& s : candidates) {
    // Very short values would redact ordinary words; no real key is that short.
    if (s.size() >= 6) secrets_.push_back(std::move(s));
  }
}

std::string Console::Redact(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos)) {
      out.replace(pos, secret.size(), "[redacted]");
    }
  }
  return out;
}

void Console::Out(std::string_view line) {
  const std::string text = Redact(line) + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void Console::Err(std::string_view line) { ErrRaw(std::string(line) + "\n"); }

void Console::ErrRaw(std::string_view text) {
  const std::string redacted = Redact(text);
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(redacted.data(), 1, redacted.size(), stderr);
  std::fflush(stderr);
}

}  // namespace fal::cli
