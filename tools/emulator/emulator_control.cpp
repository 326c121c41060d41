// The emulator's own control routes under /_emulator/: stats, reset, the fault plan and a health check.
// They never need Authorization and never get faults.
#include "emulator.hpp"
#include "httplib_overrides.hpp"

namespace fal::emulator {

void Emulator::HandleControl(Exchange& ex) {
  const std::string& what = ex.match.control;
  const std::string& method = ex.req.method;
  if (what == "stats" && method == "GET") {
    nlohmann::json stats = stats_.ToJson();
    stats["faults_injected"] = faults_.injected();
    stats["faults_by_route"] = faults_.InjectedByRoute();
    stats["jobs_in_queue"] = scheduler_->queued();
    stats["jobs_in_progress"] = scheduler_->running();
    stats["uptime_s"] = std::chrono::duration<double>(SteadyClock::now() - started_at_).count();
    stats["seed"] = seed_;
    stats["httplib_overrides"] = HttplibOverridesActive();  // see httplib_overrides.hpp
    stats["outputs"] = renderer_ ? "render" : "copy";
    if (renderer_) stats.update(renderer_->Stats());
    ReplyJson(ex, 200, stats);
    return;
  }
  if (what == "reset" && method == "POST") {
    ReadBody(ex);
    Reset();
    ReplyJson(ex, 200, {{"reset", true}});
    return;
  }
  if (what == "faults" && method == "GET") {
    ReplyJson(ex, 200, faults_.Describe());
    return;
  }
  if (what == "faults" && (method == "POST" || method == "DELETE")) {
    ReadBody(ex);
    // The plan as plain text, or {"plan": "..."}.
    std::string text = ex.body;
    const nlohmann::json body = nlohmann::json::parse(ex.body, nullptr, false);
    if (body.is_object() && body.contains("plan") && body["plan"].is_string())
      text = body["plan"].get<std::string>();
    if (method == "DELETE") text.clear();
    std::string error;
    auto plan = ParseFaultPlan(text, &error);
    if (!plan) {
      ReplyJson(ex, 400, {{"detail", error}});
      return;
    }
    faults_.SetPlan(std::move(*plan), text);
    ReplyJson(ex, 200, faults_.Describe());
    return;
  }
  if (what == "health" && method == "GET") {
    ReplyJson(ex, 200, {{"status", "ok"}});
    return;
  }
  ReadBody(ex);
  ReplyJson(ex, 404,
            {{"detail",
              "Unknown control route; try GET /_emulator/stats, POST /_emulator/reset, "
              "GET|POST|DELETE /_emulator/faults or GET /_emulator/health"}});
}

void Emulator::Reset() {
  scheduler_->Clear();
  for (const auto& job : jobs_.TakeAll()) job->Remove();
  webhooks_->Clear();
  storage_->Clear();
  if (renderer_) renderer_->Clear();
  faults_.Reset();
  stats_.Reset();
}

}  // namespace fal::emulator
