#include "support/fault_harness.hpp"

#include <httplib.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "crypto.hpp"  // fal-emulator's SHA-256: the digest its journal uses
#include "router.hpp"  // fal-emulator's router: requests are named as the emulator names them
#include "support/job_state_order.hpp"

namespace fal::test_support {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

std::string PathOf(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (start == std::string::npos) return "/";
  return url.substr(start, url.find_first_of("?#", start) - start);
}

std::string RouteOf(const http::Request& request) {
  auto match = emulator::MatchRoute(http::ToString(request.method), PathOf(request.url));
  return std::string(emulator::RouteName(match.route));
}

// The retry loop logs "retrying <what> in N ms ...", where <what> names the call (src/internal/*): map the
// call's name to the route its requests go to.
std::string RouteOfRetryLine(std::string_view line) {
  constexpr std::string_view kPrefix = "retrying ";
  if (line.rfind(kPrefix, 0) != 0) return "";
  std::string_view what = line.substr(kPrefix.size());
  auto starts = [&](std::string_view p) { return what.rfind(p, 0) == 0; };
  if (starts("submit to ")) return "submit";
  if (starts("status stream of ")) return "stream";
  if (starts("status of ")) return "status";
  if (starts("result of ")) return "result";
  if (starts("cancel of ")) return "cancel";
  if (starts("starting the upload")) return "initiate";
  if (starts("completing the upload")) return "complete";
  if (starts("upload of ")) return what.find(", part ") != std::string_view::npos ? "part" : "upload";
  if (starts("download of ")) return "file";
  return "other";
}

bool IsJobsOwnEnd(const Error& e) {
  return e.code() == ErrorCode::kJobFailed ||
         (e.code() == ErrorCode::kCancelled && e.error_type() == "client_cancelled");
}

}  // namespace

// ---- CountingTransport ----

CountingTransport::CountingTransport(std::shared_ptr<http::Transport> inner) : inner_(std::move(inner)) {}

void CountingTransport::Send(http::Request request, std::function<void(http::Outcome)> done) {
  std::string route = RouteOf(request);
  {
    std::lock_guard<std::mutex> lock(mu_);
    sent_[route].push_back(Clock::now());
    if (http::FindHeader(request.headers, "authorization")) ++authorized_[route];
  }
  inner_->Send(std::move(request), std::move(done));
}

void CountingTransport::RunAfter(std::chrono::milliseconds delay, CancellationToken cancel,
                                 std::function<void()> fn) {
  inner_->RunAfter(delay, std::move(cancel), std::move(fn));
}

std::map<std::string, std::uint64_t> CountingTransport::Sent() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::uint64_t> out;
  for (const auto& [route, times] : sent_) out[route] = times.size();
  return out;
}

std::uint64_t CountingTransport::Sent(std::string_view route) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sent_.find(std::string(route));
  return it == sent_.end() ? 0 : it->second.size();
}

std::vector<Clock::time_point> CountingTransport::SendTimes(std::string_view route) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sent_.find(std::string(route));
  return it == sent_.end() ? std::vector<Clock::time_point>{} : it->second;
}

std::map<std::string, std::uint64_t> CountingTransport::Authorized() const {
  std::lock_guard<std::mutex> lock(mu_);
  return authorized_;
}

void CountingTransport::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  sent_.clear();
  authorized_.clear();
}

// ---- LogCapture ----

LogSink LogCapture::Sink() {
  return [shared = shared_](LogLevel level, std::string_view line) {
    std::lock_guard<std::mutex> lock(shared->mu);
    shared->lines.push_back(std::string(ToString(level)) + ": " + std::string(line));
  };
}

std::vector<std::string> LogCapture::Lines() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  return shared_->lines;
}

std::map<std::string, std::uint64_t> LogCapture::Retries() const {
  std::map<std::string, std::uint64_t> out;
  for (const std::string& line : Lines()) {
    std::string_view text = line;
    text.remove_prefix(std::min(text.size(), text.find(": ") + 2));
    std::string route = RouteOfRetryLine(text);
    if (!route.empty()) ++out[route];
  }
  return out;
}

void LogCapture::Clear() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  shared_->lines.clear();
}

std::uint64_t LogCapture::Retries(std::string_view route) const {
  auto all = Retries();
  auto it = all.find(std::string(route));
  return it == all.end() ? 0 : it->second;
}

// ---- EmulatorControl ----

EmulatorControl::EmulatorControl(std::string base_url) : base_url_(std::move(base_url)) {}

json EmulatorControl::Stats() const {
  httplib::Client http(base_url_);
  auto res = http.Get("/_emulator/stats");
  if (!res || res->status != 200) throw std::runtime_error("fal-emulator did not answer /_emulator/stats");
  return json::parse(res->body);
}

void EmulatorControl::SetFaults(const std::string& plan) const {
  httplib::Client http(base_url_);
  auto res = http.Post("/_emulator/faults", plan, "text/plain");
  if (!res || res->status != 200) {
    throw std::runtime_error("fal-emulator refused the fault plan \"" + plan +
                             "\": " + (res ? res->body : "no answer"));
  }
}

void EmulatorControl::ClearFaults() const {
  httplib::Client http(base_url_);
  http.Delete("/_emulator/faults");
}

json EmulatorControl::Faults() const {
  httplib::Client http(base_url_);
  auto res = http.Get("/_emulator/faults");
  if (!res || res->status != 200) throw std::runtime_error("fal-emulator did not answer /_emulator/faults");
  return json::parse(res->body);
}

bool EmulatorControl::FaultsConsumed() const {
  json faults = Faults();
  for (const json& rule : faults["rules"]) {
    if (rule.contains("remaining") && rule["remaining"].get<int>() != 0) return false;
  }
  return true;
}

json EmulatorControl::WaitForStat(const std::string& key, std::uint64_t value,
                                  std::chrono::milliseconds timeout) const {
  auto until = Clock::now() + timeout;
  json stats = Stats();
  while (stats.value(key, std::uint64_t{0}) < value && Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stats = Stats();
  }
  return stats;
}

// ---- RunJobs ----

std::vector<JobSpec> RenderJobs(std::size_t n, const std::string& tag) {
  std::vector<JobSpec> jobs;
  jobs.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    json body = {{"video_url", "https://example.com/blockout.mp4"},
                 {"prompt", "3DREAL. " + tag + " job " + std::to_string(i)},
                 {"resolution", "480p"},
                 {"num_frames", 9}};
    jobs.push_back(JobSpec{"fal-ai/ltx-2.3-quality/render-to-real", body.dump()});
  }
  return jobs;
}

std::vector<JobOutcome> RunJobs(const Client& client, const std::vector<JobSpec>& jobs,
                                const RunOptions& options) {
  struct State {
    std::mutex mu;
    std::condition_variable changed;
    std::size_t in_flight = 0;
    std::vector<JobOutcome> outcomes;
  };
  auto state = std::make_shared<State>();
  state->outcomes.resize(jobs.size());
  const std::size_t limit = std::max<std::size_t>(1, options.concurrency);

  for (std::size_t i = 0; i < jobs.size(); ++i) {
    {
      std::unique_lock<std::mutex> lock(state->mu);
      state->changed.wait(lock, [&] { return state->in_flight < limit; });
      ++state->in_flight;
    }
    // Each job's callbacks run serially (falcpp's promise), so its outcome needs no lock until the end.
    JobOutcome* out = &state->outcomes[i];
    out->body_sha256 = emulator::Sha256Hex(jobs[i].body);
    const auto started = Clock::now();
    auto finish = [state, out, started] {
      out->elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      std::lock_guard<std::mutex> lock(state->mu);
      --state->in_flight;
      state->changed.notify_all();
    };
    WaitOptions wait = options.wait;
    auto user_update = wait.on_update;
    auto last_rank = std::make_shared<int>(-1);
    wait.on_update = [out, last_rank, user_update](const JobStatus& s) {
      int rank = StateRank(s.state);
      if (rank >= 0 && rank < *last_rank) out->states_regressed = true;
      *last_rank = std::max(*last_rank, rank);
      if (s.state == JobState::kCompleted) ++out->completed_updates;
      if (user_update) user_update(s);
    };
    const int resumes = options.resumes;
    client.SubmitAsync(
        jobs[i].endpoint, jobs[i].body, options.submit,
        [out, wait, resumes, finish, last_rank](Result<JobHandle> job) {
          if (!job) {
            out->submit_error = job.error();
            return finish();
          }
          out->request_id = job->request_id();
          // A wait that fails for a reason other than the job's own end is resumed.
          auto on_end = std::make_shared<std::function<void(Result<RawOutput>)>>();
          JobHandle handle = *job;
          *on_end = [out, wait, resumes, finish, handle, on_end, last_rank](Result<RawOutput> r) {
            if (r) {
              out->completed = json::accept(r->json);
              if (!out->completed)
                out->wait_error = Error(ErrorCode::kMalformedResponse, "output is not JSON");
              *on_end = nullptr;  // breaks the cycle through the handle's callback
              return finish();
            }
            if (IsJobsOwnEnd(r.error())) {
              out->job_failed = true;
              out->wait_error = r.error();
            } else if (out->resumes < resumes) {
              ++out->resumes;
              *last_rank = -1;
              auto again = *on_end;
              return handle.WaitAsync(wait, [again](Result<RawOutput> r2) { again(std::move(r2)); });
            } else {
              out->wait_error = r.error();
            }
            *on_end = nullptr;
            finish();
          };
          auto first = *on_end;
          handle.WaitAsync(wait, [first](Result<RawOutput> r) { first(std::move(r)); });
        });
  }
  std::unique_lock<std::mutex> lock(state->mu);
  state->changed.wait(lock, [&] { return state->in_flight == 0; });
  return std::move(state->outcomes);
}

// ---- Accounting ----

std::vector<JournaledSubmit> ReadJournalSubmits(const std::string& path) {
  std::vector<JournaledSubmit> out;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the emulator journal " + path);
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || j.value("route", "") != "submit" || j.value("direction", "in") != "in") continue;
    JournaledSubmit s;
    s.body_sha256 = j.value("body_sha256", "");
    s.request_id = j.value("request_id", "");
    s.status = j.value("status", 0);
    if (j.contains("fault") && j["fault"].is_string()) s.fault = j["fault"].get<std::string>();
    s.job_created = s.status == 200 || s.fault.find("reset-after-enqueue") != std::string::npos;
    out.push_back(std::move(s));
  }
  return out;
}

json StatsDelta(const json& before, const json& after) {
  json out = after;
  for (const char* key :
       {"jobs_created", "jobs_completed", "jobs_failed", "jobs_cancelled", "faults_injected",
        "authorization_on_storage", "bytes_uploaded", "bytes_downloaded"}) {
    if (after.contains(key) && before.contains(key)) {
      out[key] = after[key].get<std::uint64_t>() - before[key].get<std::uint64_t>();
    }
  }
  if (after.contains("requests") && before.contains("requests")) {
    for (auto it = after["requests"].begin(); it != after["requests"].end(); ++it) {
      out["requests"][it.key()] =
          it->get<std::uint64_t>() - before["requests"].value(it.key(), std::uint64_t{0});
    }
  }
  return out;
}

namespace {
constexpr const char* kRoutes[] = {"submit",   "status", "stream", "result",   "cancel",
                                   "initiate", "upload", "part",   "complete", "file"};
std::uint64_t CountOf(const std::map<std::string, std::uint64_t>& m, const std::string& route) {
  auto it = m.find(route);
  return it == m.end() ? 0 : it->second;
}
}  // namespace

bool Figures::CountsAgree() const {
  // libcurl re-sends a request by itself when a kept-alive connection turns out dead before any answer
  // byte, but never a body it already sent (src/http/curl_transfer.cpp): so the emulator may count a few
  // more requests than falcpp sent (reads, or submits it reset before reading their body), never fewer,
  // and never a second job for one submit (that is what `duplicated` counts, from the journal).
  for (const char* route : kRoutes) {
    if (CountOf(sent, route) > CountOf(emulator_requests, route)) return false;
  }
  return true;
}

std::uint64_t Figures::LibcurlResends() const {
  std::uint64_t n = 0;
  for (const char* route : kRoutes) {
    const std::uint64_t ours = CountOf(sent, route), theirs = CountOf(emulator_requests, route);
    if (theirs > ours) n += theirs - ours;
  }
  return n;
}

json Figures::ToJson() const {
  json requests = json::object();
  for (const char* route : kRoutes) {
    const std::uint64_t ours = CountOf(sent, route), theirs = CountOf(emulator_requests, route);
    if (ours == 0 && theirs == 0) continue;
    requests[route] = {{"sent", ours}, {"retries", CountOf(retries, route)}, {"emulator", theirs}};
  }
  return {{"jobs", jobs},
          {"completed", completed},
          {"job_failed", job_failed},
          {"ambiguous_surfaced", ambiguous},
          {"submit_failed", submit_failed},
          {"wait_failed", wait_failed},
          {"jobs_created", jobs_created},
          {"duplicated", duplicated},
          {"lost", lost},
          {"resumes", resumes},
          {"status_regressions", regressions},
          {"completed_seen_twice", extra_completed},
          {"errors", errors},
          {"error_examples", error_examples},
          {"faults_injected", faults_injected},
          {"authorization_on_storage", authorization_on_storage},
          {"counts_agree", CountsAgree()},
          {"libcurl_resends", LibcurlResends()},
          {"exact", exact},
          {"requests", requests}};
}

Figures Account(const std::vector<JobOutcome>& outcomes, const std::string& journal_path, const json& stats,
                const CountingTransport& transport, const LogCapture& log) {
  Figures f;
  f.jobs = outcomes.size();
  f.sent = transport.Sent();
  f.retries = log.Retries();
  if (stats.contains("requests")) {
    for (auto it = stats["requests"].begin(); it != stats["requests"].end(); ++it) {
      f.emulator_requests[it.key()] = it->get<std::uint64_t>();
    }
  }
  f.faults_injected = stats.value("faults_injected", std::uint64_t{0});
  f.authorization_on_storage = stats.value("authorization_on_storage", std::uint64_t{0});

  std::map<std::string, std::size_t> created;  // body hash -> jobs the emulator created for it
  for (const JobOutcome& o : outcomes) created[o.body_sha256] = 0;
  f.exact = !journal_path.empty();
  if (f.exact) {
    for (const JournaledSubmit& s : ReadJournalSubmits(journal_path)) {
      auto it = created.find(s.body_sha256);
      if (!s.job_created || it == created.end()) continue;  // another run's job
      ++it->second;
      ++f.jobs_created;
    }
  } else {
    f.jobs_created = stats.value("jobs_created", std::size_t{0});
  }

  std::size_t handles = 0;
  auto note = [&f](const char* phase, const Error& e) {
    std::string kind = std::string(phase) + ":" + std::string(ToString(e.code()));
    ++f.errors[kind];
    f.error_examples.emplace(kind, e.message());
  };
  for (const JobOutcome& o : outcomes) {
    if (o.submit_error) note("submit", *o.submit_error);
    if (o.wait_error) note("wait", *o.wait_error);
    f.resumes += static_cast<std::size_t>(o.resumes);
    if (o.states_regressed) ++f.regressions;
    if (o.completed_updates > 1 + o.resumes) ++f.extra_completed;
    std::size_t made = f.exact ? created[o.body_sha256] : 0;
    if (made > 1) f.duplicated += made - 1;
    if (!o.request_id.empty()) {
      ++handles;
      if (o.completed)
        ++f.completed;
      else if (o.job_failed)
        ++f.job_failed;
      else {
        ++f.wait_failed;
        ++f.lost;  // a handle whose job the caller never saw end
      }
    } else if (o.submit_error && o.submit_error->code() == ErrorCode::kAmbiguousSubmit) {
      ++f.ambiguous;  // the caller was told a job may exist: not lost, whatever the emulator did
    } else {
      ++f.submit_failed;
      if (made > 0) ++f.lost;  // told "failed" while a job was created: an orphan
    }
  }
  if (!f.exact) {
    // Without the journal: whatever the emulator created beyond the handles and the ambiguous submits is
    // certainly a duplicate or an orphan (a lower bound of both together).
    std::size_t accounted = handles + f.ambiguous;
    if (f.jobs_created > accounted) f.duplicated = f.jobs_created - accounted;
  }
  return f;
}

}  // namespace fal::test_support
