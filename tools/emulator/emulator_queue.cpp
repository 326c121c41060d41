// Queue routes: submit, status, status stream, result, cancel; and what happens when a job ends
// (its result, stats, webhook).
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "body_delivery.hpp"
#include "connection_control.hpp"
#include "crypto.hpp"
#include "emulator.hpp"
#include "ltx_outputs.hpp"
#include "output_plan.hpp"

namespace fal::emulator {
namespace {

bool WantsLogs(const httplib::Request& req) {
  const std::string logs = req.get_param_value("logs");
  return logs == "1" || logs == "true" || logs == "True";
}

// X-Fal-Request-Start-Timeout (current name) or x-fal-request-timeout (older), in seconds.
std::optional<double> StartTimeoutSeconds(const httplib::Request& req) {
  for (const char* name : {"X-Fal-Request-Start-Timeout", "x-fal-request-timeout"}) {
    const std::string value = req.get_header_value(name);
    if (value.empty()) continue;
    char* end = nullptr;
    const double seconds = std::strtod(value.c_str(), &end);
    if (end != value.c_str() && seconds > 0) return seconds;
  }
  return std::nullopt;
}

// Per-connection state of a status stream.
struct StreamState {
  std::shared_ptr<Job> job;
  ConnectionId connection;
  bool with_logs = false;
  std::uint64_t sent_version = 0;
  std::size_t sent_logs = 0;
  std::string sent_data;  // the last event's data, without logs=1
  int events_sent = 0;
  bool finished = false;
  // Faults
  int drop_after = -1;
  bool duplicate = false;
  std::int64_t silence_ms = 0;
  bool garbage = false;
  std::uint64_t garbage_seed = 0;
};

// The data of the event for `status`, or empty when it would repeat the last one: one event per change,
// carrying only the log lines not sent yet; without logs=1 a new log line changes nothing a stream shows,
// and sending the same status again would only wake the client (jobs log every --log-every-ms).
std::string NextEventData(StreamState& s, const JobStatus& status) {
  s.sent_version = status.version;
  if (s.with_logs) {
    const std::vector<LogLine> new_logs = s.job->LogsFrom(s.sent_logs);
    s.sent_logs += new_logs.size();
    return StatusJson(s.job->spec(), status, &new_logs, true);
  }
  std::string data = StatusJson(s.job->spec(), status, nullptr, true);
  if (data == s.sent_data) return "";
  s.sent_data = data;
  return data;
}

std::string PrintableGarbage(std::uint64_t seed) {
  std::string junk = GarbageBytes(48, seed);
  for (char& c : junk) {
    if (c == '\n' || c == '\r' || c == '\0') c = '?';
  }
  return junk;
}

}  // namespace

std::shared_ptr<Job> Emulator::FindJob(Exchange& ex) {
  auto job = jobs_.Find(ex.match.request_id);
  // Status, result and cancel URLs carry [namespace/]owner/alias only, never the endpoint's path:
  // a URL built from the full endpoint id finds nothing, as on fal.
  if (job && job->spec().app_id == ex.match.app_id) return job;
  if (ex.match.route == Route::kCancel) {
    ReplyJson(ex, 404, {{"status", "NOT_FOUND"}});
  } else {
    ReplyJson(ex, 404,
              {{"detail", "Request not found: " + ex.match.request_id +
                              " (status, result and cancel URLs "
                              "use [namespace/]owner/alias, e.g. fal-ai/ltx-2.3-quality/requests/{id})"}});
  }
  return nullptr;
}

void Emulator::HandleSubmit(Exchange& ex) {
  const Endpoint* endpoint = FindEndpoint(ex.match.endpoint_id);
  ReadBody(ex);
  if (!endpoint) {
    ReplyJson(ex, 404, {{"detail", "Application '" + ex.match.endpoint_id + "' not found"}});
    return;
  }
  nlohmann::json input = nlohmann::json::parse(ex.body, nullptr, false);
  if (input.is_discarded()) {
    ReplyJson(
        ex, 422,
        {{"detail", nlohmann::json::array(
                        {{{"loc", {"body"}}, {"msg", "JSON decode error"}, {"type", "json_invalid"}}})}});
    return;
  }
  InputCheck check = CheckLtxInput(endpoint->kind, input, check_policy_);
  if (!input.is_object()) {
    ReplyJson(ex, 422, check.DetailBody());
    return;
  }

  JobSpec spec;
  spec.request_id = ex.request_id;
  spec.endpoint = endpoint;
  spec.app_id = std::string(endpoint->app_id);
  spec.base_url = BaseUrl(ex.req);
  spec.webhook_url = ex.req.get_param_value("fal_webhook");
  spec.input = std::move(input);
  spec.check = std::move(check);
  spec.low_priority = ex.req.get_header_value("x-fal-queue-priority") == "low";
  spec.submitted_at = SteadyClock::now();
  if (const auto timeout = StartTimeoutSeconds(ex.req)) {
    spec.start_deadline = spec.submitted_at + std::chrono::duration_cast<SteadyClock::duration>(
                                                  std::chrono::duration<double>(*timeout));
  }
  if (ex.fault && ex.fault->action == FaultAction::kFail) {
    spec.injected_failure = *ex.fault;
    ex.fault_handled = true;
  }

  auto job = std::make_shared<Job>(std::move(spec));
  // The output starts rendering now, off this thread; the scheduler ends the job once it is ready.
  if (renderer_ && job->spec().check.ok() && !job->spec().injected_failure) {
    renderer_->Start(job, PlanOutput(endpoint->kind, job->spec().input, job->spec().check, *storage_, port_));
  }
  jobs_.Add(job);
  stats_.JobCreated();
  const int position = scheduler_->Enqueue(job);

  if (ex.fault && ex.fault->action == FaultAction::kResetAfterEnqueue) {
    // The job exists and will run; the client cannot know it (the "ambiguous submit" case).
    ResetConnection(ConnectionId::Of(ex.req));
    ex.reset = true;
    ex.fault_handled = true;
    return;
  }
  const std::string response_url = job->spec().ResponseUrl();
  ReplyJson(ex, 200,
            {{"status", "IN_QUEUE"},
             {"request_id", job->spec().request_id},
             {"gateway_request_id", job->spec().request_id},
             {"response_url", response_url},
             {"status_url", response_url + "/status"},
             {"cancel_url", response_url + "/cancel"},
             {"queue_position", position}});
}

void Emulator::HandleStatus(Exchange& ex) {
  auto job = FindJob(ex);
  if (!job) return;
  // The hot path of every polling client: a cached body, no lock held while it is sent.
  auto [status, body] = job->StatusBody(WantsLogs(ex.req));
  const bool completed = status.state == JobState::kCompleted;
  ex.res.status = completed ? 200 : 202;
  ex.res.set_content(*body, "application/json");
  if (completed) ex.res.set_header("X-Emulator-Completed-At-Us", std::to_string(status.completed_at_us));
}

void Emulator::HandleResult(Exchange& ex) {
  auto job = FindJob(ex);
  if (!job) return;
  if (job->Status().state != JobState::kCompleted) {
    ReplyJson(ex, 400, {{"detail", "Request is still in progress"}});
    return;
  }
  JobResult result = job->Result();
  ex.res.status = result.http_status;
  ex.res.set_content(std::move(result.body), "application/json");
  for (const auto& [name, value] : result.headers) ex.res.set_header(name, value);
}

void Emulator::HandleCancel(Exchange& ex) {
  auto job = FindJob(ex);
  if (!job) return;
  if (scheduler_->Cancel(job) == JobScheduler::CancelResult::kRequested) {
    ReplyJson(ex, 202, {{"status", "CANCELLATION_REQUESTED"}});
  } else {
    ReplyJson(ex, 400, {{"status", "ALREADY_COMPLETED"}});
  }
}

void Emulator::HandleStream(Exchange& ex) {
  auto job = FindJob(ex);
  if (!job) return;
  auto state = std::make_shared<StreamState>();
  state->job = job;
  state->connection = ConnectionId::Of(ex.req);
  state->with_logs = WantsLogs(ex.req);
  if (ex.fault) {
    ex.fault_handled = ex.fault->action != FaultAction::kStall;  // a stall delays the stream's start
    switch (ex.fault->action) {
      case FaultAction::kSseDrop:
        state->drop_after = static_cast<int>(std::max<std::int64_t>(ex.fault->amount, 1));
        break;
      case FaultAction::kSseDuplicate:
        state->duplicate = true;
        break;
      case FaultAction::kSseSilence:
        state->silence_ms = ex.fault->amount >= 0 ? ex.fault->amount : 60000;
        break;
      case FaultAction::kGarbage:
        state->garbage = true;
        state->garbage_seed = random_.NextU64();
        break;
      default:
        break;
    }
  }

  // Headers cannot change once the stream runs, so the completion stamp rides on them only when the
  // job had already completed; stream events carry it in their JSON.
  const JobStatus now = job->Status();
  if (now.state == JobState::kCompleted) {
    ex.res.set_header("X-Emulator-Completed-At-Us", std::to_string(now.completed_at_us));
  }
  ex.res.set_header("Cache-Control", "no-cache");
  ex.res.status = 200;
  stats_.StreamOpened();
  const auto keepalive = std::chrono::milliseconds(options_.sse_keepalive_ms);
  ex.res.set_chunked_content_provider(
      "text/event-stream",
      [this, state, keepalive](std::size_t, httplib::DataSink& sink) {
        StreamState& s = *state;
        if (s.finished) {
          sink.done();
          return true;
        }
        if (stopping_) return false;
        if (s.silence_ms > 0) {
          const auto silence = std::chrono::milliseconds(s.silence_ms);
          s.silence_ms = 0;
          if (!stop_.SleepFor(silence)) return false;
        }
        if (s.garbage) {
          s.garbage = false;
          const std::string junk = "data: " + PrintableGarbage(s.garbage_seed) + "\n\n";
          return sink.write(junk.data(), junk.size());
        }
        // Waits for a change this stream can see, or for the keep-alive time to pass without one.
        const SteadyTime quiet_until = SteadyClock::now() + keepalive;
        JobStatus status = s.job->Status();
        std::string data;
        for (;;) {
          if (status.removed) return false;
          if (status.version != s.sent_version) {
            data = NextEventData(s, status);
            if (!data.empty()) break;
          }
          if (SteadyClock::now() >= quiet_until) {
            static constexpr char kComment[] = ": keep-alive\n\n";
            return sink.write(kComment, sizeof kComment - 1);
          }
          s.job->WaitForChange(status.version, quiet_until, stopping_);
          if (stopping_) return false;
          status = s.job->Status();
        }
        // A dropped stream never delivers COMPLETED, even for a job that finished before the stream had
        // sent its N events: the fault fires whatever the speed of the machine (a slow run under TSan).
        if (s.drop_after > 0 && status.state == JobState::kCompleted) {
          CloseConnection(s.connection);
          return false;
        }
        const std::string event = "data: " + data + "\n\n";
        for (int copy = 0; copy < (s.duplicate ? 2 : 1); ++copy) {
          if (!sink.write(event.data(), event.size())) return false;
        }
        ++s.events_sent;
        if (status.state == JobState::kCompleted) {
          s.finished = true;
          sink.done();
          return true;
        }
        if (s.drop_after > 0 && s.events_sent >= s.drop_after) {
          CloseConnection(s.connection);
          return false;
        }
        return true;
      },
      [this](bool) { stats_.StreamClosed(); });
}

JobOutcome Emulator::BuildSuccess(const Job& job) {
  const JobSpec& spec = job.spec();
  const EndpointKind kind = spec.endpoint->kind;
  JobOutcome outcome;
  // A rendered video (--outputs render); else a video uploaded to this emulator comes back as the output,
  // and anything else gets the bundled sample.
  std::shared_ptr<const Blob> blob;
  if (renderer_) {
    RenderedOutput rendered = renderer_->Take(spec.request_id);
    for (auto& note : rendered.notes) outcome.logs.emplace_back(std::move(note), "INFO");
    blob = rendered.video;
    if (!blob)
      outcome.logs.emplace_back("The output could not be rendered (" + rendered.error + "); it is copied",
                                "WARN");
  }
  if (!blob) {
    blob = storage_->sample();
    if (const auto source_url = SourceVideoUrl(kind, spec.input)) {
      if (auto source = storage_->FindByUrl(*source_url, port_)) blob = source->blob;
    }
  }
  const std::string file_name = random_.NewToken(12) + ".mp4";
  OutputVideo video{"", file_name, blob->size};
  const bool sync_mode = spec.input.contains("sync_mode") && spec.input["sync_mode"].is_boolean() &&
                         spec.input["sync_mode"].get<bool>();
  if (sync_mode) {
    const std::string bytes = FileStore::ReadAll(*blob);
    video.url = "data:video/mp4;base64," +
                Base64Encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  } else {
    video.url = FileStore::FileUrl(spec.base_url, *storage_->AddGenerated(blob, file_name, "video/mp4"));
  }
  std::int64_t seed = static_cast<std::int64_t>(random_.NextU64() % 2147483647ULL);
  if (spec.input.contains("seed") && spec.input["seed"].is_number_integer())
    seed = spec.input["seed"].get<std::int64_t>();

  outcome.end = JobEnd::kSucceeded;
  outcome.result.http_status = 200;
  outcome.result.body = BuildLtxOutput(kind, spec.input, video, seed).dump();
  return outcome;
}

void Emulator::OnJobFinished(const std::shared_ptr<Job>& job) {
  if (renderer_) renderer_->Forget(job->spec().request_id);  // a job that ended without its output
  const JobStatus status = job->Status();
  const std::string& url = job->spec().webhook_url;
  if (url.empty()) return;
  // The payload of fal-protocol.md 3.6.
  const JobResult result = job->Result();
  const std::string& id = job->spec().request_id;
  nlohmann::json payload = nlohmann::json::parse(result.body, nullptr, false);
  nlohmann::json hook = {{"request_id", id}, {"gateway_request_id", id}};
  if (status.end == JobEnd::kSucceeded) {
    hook["status"] = "OK";
  } else {
    hook["status"] = "ERROR";
    hook["error"] = "Invalid status code: " + std::to_string(result.http_status);
  }
  if (payload.is_discarded()) {
    hook["payload"] = nullptr;
    hook["payload_error"] = "Response payload is not JSON serializable.";
  } else {
    hook["payload"] = std::move(payload);
  }
  if (!webhooks_->Deliver(url, id, hook.dump())) {
    std::fprintf(stderr,
                 "fal-emulator: webhook for %s not sent: only http URLs on loopback hosts are delivered\n",
                 id.c_str());
  }
}

}  // namespace fal::emulator
