// What every fal-ltx command gets from main(): the console and the Ctrl-C watcher, plus the client
// they share.
#pragma once

#include "console.hpp"
#include "fal/client.hpp"
#include "interrupt.hpp"

namespace fal::cli {

struct Context {
  Console console;
  Interrupt interrupt;  // before any client exists, so that engine threads inherit the signal mask
};

// A client configured from the environment (FAL_KEY, FAL_BASE_URL), with fal-ltx in its User-Agent.
// No I/O happens until the first call.
fal::Client MakeClient();

}  // namespace fal::cli
