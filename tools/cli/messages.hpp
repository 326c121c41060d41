// fal-ltx speaks in flags and environment variables, the library in its C++ API. The library gives the fix
// of an error or a finding as a value (fal::Advice) beside its text; this is the one place that words that
// fix for a shell user, so that no C++ name (ClientOptions::credentials, File::FromPath) reaches one.
#pragma once

#include <string>
#include <string_view>

#include "fal/error.hpp"

namespace fal::cli {

// The fix for a shell user; empty when the summary says enough.
std::string_view CliAdvice(fal::Advice advice);

// An error's message as fal-ltx prints it: the library's summary, then the fix in flag wording. Every
// finding quoted in it is reworded the same way.
std::string CliText(const fal::Error& error);

// A finding's message as fal-ltx prints it.
std::string CliText(const fal::FieldError& finding);

}  // namespace fal::cli
