#pragma once
/// @file
/// The 3DREAL trigger: the word the 3DREAL IC-LoRA activates on, kept at the start of the prompt.
///
/// Rules (the same for render-to-real's Finalize and every 3DREAL preset):
/// - Leading whitespace is removed first: "  3DREAL. x" becomes "3DREAL. x".
/// - A prompt starts with the trigger when it begins with "3DREAL" (upper case, as trained) followed by the
/// end
///   of the prompt or a character that is not a letter or digit: "3DREAL", "3DREAL. x", "3DREAL, x" do;
///   "3dreal. x" (lower case) and "3DREALISTIC x" (another word) do not.
/// - A prompt that does not start with the trigger gets "3DREAL. " prepended; an empty (or all-whitespace)
///   prompt becomes "3DREAL. ".
///
/// @par Thread safety
/// Pure functions.

#include <string>
#include <string_view>

#include "fal/export.hpp"

namespace fal::ltx {

/// The trigger word of the 3DREAL LoRA.
inline constexpr std::string_view kTrigger = "3DREAL";

/// What is prepended to a prompt that lacks the trigger, and the whole prompt when none is given.
inline constexpr std::string_view kTriggerPrefix = "3DREAL. ";

/// True when `prompt`, after its leading whitespace, starts with the trigger word (see the rules above).
FALCPP_EXPORT bool StartsWithTrigger(std::string_view prompt);

/// `prompt` without leading whitespace, with "3DREAL. " prepended unless it already starts with the trigger.
/// EnsureTrigger("") == "3DREAL. "; EnsureTrigger("  3DREAL x") == "3DREAL x";
/// EnsureTrigger("3dreal x") == "3DREAL. 3dreal x".
FALCPP_EXPORT std::string EnsureTrigger(std::string_view prompt);

/// True when a LoRA path or weight name names a 3DREAL weight file (contains "3dreal", any case).
FALCPP_EXPORT bool Is3DRealLora(std::string_view path_or_weight_name);

}  // namespace fal::ltx
