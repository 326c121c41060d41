#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "os.hpp"

namespace fal::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::string Elapsed(Clock::duration d) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                static_cast<long long>(s % 60));
  return buf;
}

std::string Bar(std::uint64_t done, std::uint64_t total) {
  constexpr int kWidth = 24;
  const int filled = total == 0 ? 0 : static_cast<int>(std::min<std::uint64_t>(done, total) * kWidth / total);
  return "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(kWidth - filled, '-') + "]";
}

std::string StateText(const fal::JobStatus& s) {
  switch (s.state) {
    case fal::JobState::kInQueue:
      return s.queue_position ? "in queue, position " + std::to_string(*s.queue_position) : "in queue";
    case fal::JobState::kInProgress:
      return "in progress";
    case fal::JobState::kCompleted:
      return s.failed() ? "failed" : "completed";
    case fal::JobState::kUnknown:
      break;
  }
  return s.raw_state.empty() ? "unknown state" : s.raw_state;
}

}  // namespace

std::string FormatBytes(std::uint64_t bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024);
  } else if (bytes < 1024ull * 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024 * 1024));
  } else {
    std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  }
  return buf;
}

Progress::Progress(Console& console, Style style) : console_(console), style_(style) {}

Progress::~Progress() { Clear(); }

Progress::Style Progress::StyleFor(const Console& console, bool quiet) {
  if (quiet) return Style::kQuiet;
  return console.stderr_is_terminal() ? Style::kTerminal : Style::kPlain;
}

void Progress::SetLiveLocked(std::string line) {
  const std::size_t width = os::StderrColumns() - 1;  // never wrap: "\r" only rewinds one row
  if (line.size() > width) line.resize(width);
  if (line == live_) return;
  console_.ErrRaw("\r\033[K" + line);
  live_ = std::move(line);
}

void Progress::ClearLiveLocked() {
  if (live_.empty()) return;
  console_.ErrRaw("\r\033[K");
  live_.clear();
}

void Progress::MessageLocked(std::string_view line) {
  if (style_ == Style::kQuiet) return;
  if (style_ == Style::kPlain) return console_.Err(line);
  const std::string live = live_;
  ClearLiveLocked();
  console_.Err(line);
  if (!live.empty()) SetLiveLocked(live);
}

void Progress::Message(std::string_view line) {
  std::lock_guard<std::mutex> lock(mu_);
  MessageLocked(line);
}

void Progress::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  if (style_ == Style::kTerminal) ClearLiveLocked();
}

void Progress::JobUpdate(const fal::JobStatus& status) {
  std::lock_guard<std::mutex> lock(mu_);
  if (style_ == Style::kQuiet) return;
  if (!job_seen_) {
    job_seen_ = true;
    job_started_ = Clock::now();
  }
  // In a wait, every status carries all lines so far; show only the new ones. A shorter list (a
  // reconnected stream that starts over) is shown from where it stands.
  if (status.logs.size() < logs_shown_) logs_shown_ = status.logs.size();
  for (std::size_t i = logs_shown_; i < status.logs.size(); ++i)
    MessageLocked("log: " + status.logs[i].message);
  logs_shown_ = status.logs.size();

  const std::string state = StateText(status);
  if (style_ == Style::kPlain) {
    if (state != last_state_) console_.Err("status: " + state);
    last_state_ = state;
    return;
  }
  if (status.state == fal::JobState::kCompleted) return ClearLiveLocked();
  SetLiveLocked(state + "  " + Elapsed(Clock::now() - job_started_));
}

fal::ProgressCallback Progress::Transfer(std::string verb, std::string label) {
  struct State {
    Clock::time_point last_draw{};
    bool announced = false;
  };
  auto state = std::make_shared<State>();
  return [this, state, verb = std::move(verb), label = std::move(label)](std::uint64_t done,
                                                                         std::uint64_t total) {
    std::lock_guard<std::mutex> lock(mu_);
    if (style_ == Style::kQuiet) return;
    if (style_ == Style::kPlain) {
      if (!state->announced) {
        state->announced = true;
        console_.Err(verb + " " + label + (total > 0 ? " (" + FormatBytes(total) + ")" : ""));
      }
      return;
    }
    const Clock::time_point now = Clock::now();
    const bool finished = total > 0 && done >= total;
    if (!finished && now - state->last_draw < std::chrono::milliseconds(80)) return;
    state->last_draw = now;
    std::string line = verb + " " + label + "  ";
    if (total > 0) {
      line += Bar(done, total) + " " + std::to_string(done * 100 / total) + "%  " + FormatBytes(done) +
              " / " + FormatBytes(total);
    } else {
      line += FormatBytes(done);
    }
    SetLiveLocked(std::move(line));
  };
}

}  // namespace fal::cli
