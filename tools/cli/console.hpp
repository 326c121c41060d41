// Where fal-ltx writes: results on stdout, progress and errors on stderr. Every line goes through
// Redact, which removes the API key from the environment: the library never puts it in a message, and
// this makes sure that nothing the tool prints (an echoed header, a server's answer) can show it either.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace fal::cli {

// Thread safety: all member functions may be called from any thread (progress callbacks run on the
// client's engine threads).
class Console {
 public:
  Console();

  // A line on stdout (a result: a URL, a path, JSON).
  void Out(std::string_view line);
  // A line on stderr (progress, warnings, errors).
  void Err(std::string_view line);
  // Raw text on stderr, without a newline (the terminal progress line).
  void ErrRaw(std::string_view text);

  std::string Redact(std::string_view text) const;
  bool stderr_is_terminal() const { return stderr_is_terminal_; }

 private:
  std::vector<std::string> secrets_;
  bool stderr_is_terminal_ = false;
  std::mutex mu_;
};

}  // namespace fal::cli
