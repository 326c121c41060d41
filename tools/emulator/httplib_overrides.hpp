// Three functions of Debian's cpp-httplib 0.11.4 that fal-emulator replaces, because at a thousand
// connections they, not the emulator, used most of the CPU (docs/performance.md, issue 7):
//
// - detail::keep_alive, the wait for the next request on a kept-alive connection, polls: select with a
//   10 ms timeout, then a 1 ms sleep, over and over. Each idle connection holds a thread (see
//   thread_pool.hpp), so a thousand idle connections woke about 90,000 times a second. The replacement
//   sleeps in poll() until the next request arrives or the keep-alive timeout passes.
// - detail::encoding_type picks the answer's compression. httplib brotli-compresses every JSON answer
//   when the client accepts br (libcurl's "Accept-Encoding:" with every encoding it can decode), at
//   brotli's default quality, 11, which took milliseconds of CPU per status poll. The emulator answers
//   uncompressed, as any server may; a client must decode both.
// - detail::expect_content, which made a PUT or POST without Content-Length wait for a body until the
//   read timeout (a bodiless cancel hung about 30 s). The replacement expects a body only when the
//   request announces one, as HTTP/1.1 says.
//
// Debian ships cpp-httplib as a shared library whose own calls to these go through the PLT, so a
// definition in the executable takes their place (ELF symbol interposition). Where that does not hold,
// the emulator still works, only as slowly as before; HttplibOverridesActive() tells which.
#pragma once

namespace fal::emulator {

// True when the emulator's replacements are the ones cpp-httplib calls. Also keeps this file's object
// in the link (fal_emulator_core is a static library, which drops objects nothing refers to).
bool HttplibOverridesActive();

}  // namespace fal::emulator
