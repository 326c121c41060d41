#include "batch_report.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "exit_codes.hpp"

namespace fal::cli {
namespace {

using fal::JournalState;

bool Running(JournalState s) {
  return s == JournalState::kSubmitting || s == JournalState::kSubmitted || s == JournalState::kCompleted;
}

std::string Duration(double seconds) {
  char text[32];
  const long s = std::lround(seconds);
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  } else if (s >= 60) {
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lds", s);
  }
  return text;
}

std::string Padded(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text;
}

}  // namespace

BatchProgress::BatchProgress(Console& console, bool quiet, std::size_t total)
    : console_(console), quiet_(quiet), total_(total) {}

void BatchProgress::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  started_ = std::chrono::steady_clock::now();
}

void BatchProgress::Update(const fal::JournalRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto before = states_.find(record.id);
  const bool was_final =
      before != states_.end() && !Running(before->second) && before->second != JournalState::kPlanned;
  states_[record.id] = record.state;
  const bool now_final = !Running(record.state) && record.state != JournalState::kPlanned;
  if (now_final && !was_final && before != states_.end()) ++finished_here_;
  PrintLocked(false);
}

void BatchProgress::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  PrintLocked(true);
}

void BatchProgress::PrintLocked(bool force) {
  if (quiet_) return;
  std::size_t done = 0, running = 0, failed = 0, ambiguous = 0;
  for (const auto& [id, state] : states_) {
    done += state == JournalState::kDone;
    failed += state == JournalState::kFailed;
    ambiguous += state == JournalState::kAmbiguous;
    running += Running(state);
  }
  const std::size_t queued = total_ - std::min(total_, done + running + failed + ambiguous);
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  const std::size_t left = queued + running;
  std::string eta = "unknown";
  if (left == 0) {
    eta = "0s";
  } else if (finished_here_ > 0 && elapsed > 0) {
    eta = Duration(elapsed / static_cast<double>(finished_here_) * static_cast<double>(left));
  }
  char line[200];
  std::snprintf(line, sizeof line,
                "batch: %zu done, %zu running, %zu queued, %zu failed, %zu ambiguous; time left %s", done,
                running, queued, failed, ambiguous, eta.c_str());
  const std::string counts(line, std::string(line).find("; time left"));
  if (!force && (counts == last_line_ || now - last_print_ < std::chrono::seconds(1))) return;
  last_line_ = counts;
  last_print_ = now;
  console_.Err(line);
}

void PrintBatchReport(Console& console, const fal::JournaledBatchReport& report,
                      const std::map<std::string, fal::ltx::CostEstimate>& costs) {
  nlohmann::json jobs = nlohmann::json::array();
  std::size_t id_width = 2;
  for (const fal::JournalRecord& r : report.jobs) id_width = std::max(id_width, r.id.size());
  console.Err(Padded("id", id_width) + "  " + Padded("request id", 36) + "  " + Padded("state", 10) + "  " +
              Padded("seconds", 8) + "  output");
  double total_cost = 0;
  bool cost_known = true;
  for (const fal::JournalRecord& r : report.jobs) {
    nlohmann::json job = {
        {"id", r.id},
        {"endpoint", r.endpoint},
        {"request_id", r.request_id.empty() ? nlohmann::json() : nlohmann::json(r.request_id)},
        {"state", std::string(fal::ToString(r.state))},
        {"output_path", r.output_path.empty() ? nlohmann::json() : nlohmann::json(r.output_path)},
        {"seconds", r.seconds > 0 ? nlohmann::json(r.seconds) : nlohmann::json()}};
    if (!r.error_code.empty()) job["error"] = {{"code", r.error_code}, {"message", r.error_message}};
    if (r.http_status != 0) job["error"]["http_status"] = r.http_status;
    const auto cost = costs.find(r.id);
    if (cost != costs.end() && cost->second.known) {
      job["estimated_cost_usd"] = cost->second.usd;
      total_cost += cost->second.usd;
    } else {
      job["estimated_cost_usd"] = nullptr;
      cost_known = false;
    }
    jobs.push_back(std::move(job));
    char seconds[32] = "-";
    if (r.seconds > 0) std::snprintf(seconds, sizeof seconds, "%.1f", r.seconds);
    std::string output = r.output_path;
    if (output.empty() && !r.error_message.empty()) output = r.error_message;
    if (r.state == JournalState::kSubmitted && r.error_code == "cancelled") {
      output = "interrupted: the job runs on on fal; run again to resume its wait";
    }
    console.Err(Padded(r.id, id_width) + "  " + Padded(r.request_id.empty() ? "-" : r.request_id, 36) + "  " +
                Padded(std::string(fal::ToString(r.state)), 10) + "  " + Padded(seconds, 8) + "  " + output);
  }
  nlohmann::json out = {{"jobs", std::move(jobs)},
                        {"done", report.done},
                        {"failed", report.failed},
                        {"ambiguous", report.ambiguous},
                        {"unfinished", report.unfinished},
                        {"held_elsewhere", report.held_elsewhere},
                        {"estimated_cost_usd", cost_known ? nlohmann::json(total_cost) : nlohmann::json()}};
  console.Err(
      std::to_string(report.done) + " done, " + std::to_string(report.failed) + " failed, " +
      std::to_string(report.ambiguous) + " ambiguous, " + std::to_string(report.unfinished) + " unfinished" +
      (report.held_elsewhere > 0 ? " (" + std::to_string(report.held_elsewhere) + " held by another process)"
                                 : std::string()));
  if (report.ambiguous > 0) {
    console.Err(
        "ambiguous jobs may exist on fal: check them (fal-ltx status) before running with "
        "--resubmit-ambiguous");
  }
  console.Out(out.dump());
}

int BatchExitCode(const fal::JournaledBatchReport& report, bool interrupted) {
  if (interrupted) return kExitInterrupted;
  if (report.failed > 0) return kExitJobFailed;
  int worst = kExitOk;
  if (report.ambiguous > 0) worst = kExitNetwork;
  for (const fal::JournalRecord& r : report.jobs) {
    const bool unfinished = r.state != JournalState::kDone && r.state != JournalState::kFailed &&
                            r.state != JournalState::kAmbiguous;
    // A job another process holds (its owner is set) is not an error of this run.
    if (!unfinished || !r.owner.empty() || r.error_code.empty()) continue;
    const int exit = ExitCodeFor(*r.LastError());
    if (worst == kExitOk) worst = exit;
  }
  return worst;
}

}  // namespace fal::cli
