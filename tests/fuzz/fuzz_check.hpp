// FUZZ_CHECK: a property every fuzz target asserts. A failure prints what broke and aborts, which libFuzzer
// reports as a crash (with the input saved) and the corpus test reports as a failed test.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                                    \
  do {                                                                                                 \
    if (!(condition)) {                                                                                \
      std::fprintf(stderr, "%s:%d: property broken: %s (%s)\n", __FILE__, __LINE__, what, #condition); \
      std::abort();                                                                                    \
    }                                                                                                  \
  } while (false)
