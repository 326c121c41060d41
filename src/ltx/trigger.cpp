#include "fal/ltx/trigger.hpp"

#include <cctype>

namespace fal::ltx {

namespace {

std::string_view TrimLeft(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

}  // namespace

bool StartsWithTrigger(std::string_view prompt) {
  prompt = TrimLeft(prompt);
  // Case-sensitive on purpose: the LoRA was trained on "3DREAL", and a lower-case word tokenizes differently.
  if (prompt.substr(0, kTrigger.size()) != kTrigger) return false;
  if (prompt.size() == kTrigger.size()) return true;
  // "3DREALISTIC" is another word, not the trigger.
  return !std::isalnum(static_cast<unsigned char>(prompt[kTrigger.size()]));
}

std::string EnsureTrigger(std::string_view prompt) {
  prompt = TrimLeft(prompt);
  if (StartsWithTrigger(prompt)) return std::string(prompt);
  return std::string(kTriggerPrefix) + std::string(prompt);
}

bool Is3DRealLora(std::string_view path_or_weight_name) {
  constexpr std::string_view kNeedle = "3dreal";
  if (path_or_weight_name.size() < kNeedle.size()) return false;
  for (std::size_t i = 0; i + kNeedle.size() <= path_or_weight_name.size(); ++i) {
    bool match = true;
    for (std::size_t k = 0; k < kNeedle.size() && match; ++k) {
      match = std::tolower(static_cast<unsigned char>(path_or_weight_name[i + k])) == kNeedle[k];
    }
    if (match) return true;
  }
  return false;
}

}  // namespace fal::ltx
