#include "fal/testing/fake_fal.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "internal/json_text.hpp"

namespace fal::testing {

namespace {

using nlohmann::json;

constexpr const char* kQueueUrl = "https://queue.fal.run";
constexpr const char* kRestUrl = "https://rest.fal.ai";
constexpr const char* kStorageUrl = "https://fake-fal.storage";

// `detail` as JSON when it parses (fal's field-error list), else as a message.
json DetailValue(const std::string& detail) {
  json parsed = json::parse(detail, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? json(detail) : parsed;
}

http::Outcome Answer(int status, const json& body, http::Headers headers = {}) {
  headers.emplace_back("Content-Type", "application/json");
  return http::Outcome::Of(http::Response{status, std::move(headers), internal::DumpJson(body)});
}

// "owner/app/path" -> "owner/app": fal's status, result and cancel URLs leave the path out.
std::string AppOf(const std::string& endpoint_id) {
  auto first = endpoint_id.find('/');
  auto second = first == std::string::npos ? first : endpoint_id.find('/', first + 1);
  return second == std::string::npos ? endpoint_id : endpoint_id.substr(0, second);
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

JobScript& JobScript::InQueue(int position) {
  steps_.push_back(Step{true, position, {}});
  return *this;
}

JobScript& JobScript::InProgress(std::vector<std::string> logs) {
  steps_.push_back(Step{false, 0, std::move(logs)});
  return *this;
}

JobScript& JobScript::CompletesWith(std::string output_json) {
  output_ = std::move(output_json);
  fail_status_ = 0;
  return *this;
}

JobScript& JobScript::FailsWith(int http_status, std::string detail, std::string error_type) {
  output_ = std::move(detail);
  fail_status_ = http_status;
  error_type_ = std::move(error_type);
  return *this;
}

class FakeFal::State {
 public:
  http::Outcome Handle(const http::Request& r) {
    if (StartsWith(r.url, std::string(kRestUrl) + "/storage/upload/initiate")) return Initiate(r);
    if (StartsWith(r.url, std::string(kStorageUrl) + "/upload/")) return Answer(200, json::object());
    if (!StartsWith(r.url, std::string(kQueueUrl) + "/")) return NotFal(r);
    const std::string path = r.url.substr(std::string(kQueueUrl).size() + 1);
    const auto at = path.find("/requests/");
    if (at == std::string::npos) return r.method == http::Method::kPost ? Submit(r, path) : NotFal(r);
    std::string rest = path.substr(at + 10);
    rest = rest.substr(0, rest.find('?'));
    const auto slash = rest.find('/');
    const std::string id = rest.substr(0, slash);
    const std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
    std::lock_guard<std::mutex> lock(mu_);
    auto job = jobs_.find(id);
    if (job == jobs_.end()) return Answer(404, {{"detail", "Request not found"}});
    const bool logs = r.url.find("logs=1") != std::string::npos;
    if (action == "status") return Answer(job->second.Done() ? 200 : 202, job->second.NextStatus(id, logs));
    if (action == "status/stream") return Stream(job->second, id, logs);
    if (action == "cancel") {
      submissions_[job->second.index].cancelled = true;
      return Answer(202, {{"status", "CANCELLATION_REQUESTED"}});
    }
    return Result(job->second);
  }

  std::mutex mu_;
  std::map<std::string, std::deque<std::pair<JobScript, std::optional<std::pair<int, std::string>>>>>
      scripts_;
  std::vector<Submission> submissions_;
  std::vector<std::string> uploads_;

 private:
  struct Job {
    JobScript script;
    std::size_t index = 0;          // into submissions_
    std::size_t next = 0;           // the next step a status answer shows
    std::vector<std::string> logs;  // every line shown so far

    bool Done() const { return next >= script.steps().size(); }
    json NextStatus(const std::string& id, bool with_logs) {
      json s = {{"request_id", id}};
      if (Done()) {
        s["status"] = "COMPLETED";
        if (script.fails()) {
          json detail = DetailValue(script.output());
          s["error"] = detail.is_string() ? detail.get<std::string>() : "the job failed";
          if (!script.error_type().empty()) s["error_type"] = script.error_type();
        }
      } else {
        const JobScript::Step& step = script.steps()[next++];
        s["status"] = step.in_queue ? "IN_QUEUE" : "IN_PROGRESS";
        if (step.in_queue) s["queue_position"] = step.position;
        logs.insert(logs.end(), step.logs.begin(), step.logs.end());
      }
      if (with_logs) {
        json lines = json::array();
        for (const std::string& line : logs) lines.push_back({{"message", line}, {"level", "INFO"}});
        s["logs"] = lines;
      }
      return s;
    }
  };

  http::Outcome Submit(const http::Request& r, const std::string& endpoint) {
    const std::string endpoint_id = endpoint.substr(0, endpoint.find('?'));
    std::lock_guard<std::mutex> lock(mu_);
    auto& queue = scripts_[endpoint_id];
    if (queue.empty()) {
      return Answer(400,
                    {{"detail", "FakeFal: no job is scripted for a submit to " + endpoint_id +
                                    ": call OnSubmit(\"" + endpoint_id + "\") (or RejectSubmit) first"}});
    }
    auto [script, rejection] = std::move(queue.front());
    queue.pop_front();
    if (rejection) return Answer(rejection->first, {{"detail", DetailValue(rejection->second)}});
    std::string number = std::to_string(submissions_.size() + 1);
    const std::string id =
        "00000000-0000-4000-8000-" + std::string(12 - std::min<std::size_t>(12, number.size()), '0') + number;
    submissions_.push_back(Submission{endpoint_id, r.body, id, false});
    Job job;
    job.script = std::move(script);
    job.index = submissions_.size() - 1;
    jobs_.emplace(id, std::move(job));
    const std::string base = std::string(kQueueUrl) + "/" + AppOf(endpoint_id) + "/requests/" + id;
    return Answer(200, {{"request_id", id},
                        {"status", "IN_QUEUE"},
                        {"status_url", base + "/status"},
                        {"response_url", base},
                        {"cancel_url", base + "/cancel"}});
  }

  http::Outcome Stream(Job& job, const std::string& id, bool logs) {
    std::string events;
    for (;;) {
      const bool last = job.Done();
      events += "data: " + internal::DumpJson(job.NextStatus(id, logs)) + "\n\n";
      if (last) break;
    }
    return http::Outcome::Of(http::Response{200, {{"Content-Type", "text/event-stream"}}, std::move(events)});
  }

  http::Outcome Result(const Job& job) {
    if (!job.Done()) return Answer(400, {{"detail", "Request is still in progress"}});
    if (job.script.fails()) {
      http::Headers headers;
      if (!job.script.error_type().empty()) headers.emplace_back("X-Fal-Error-Type", job.script.error_type());
      return Answer(job.script.fail_status(), {{"detail", DetailValue(job.script.output())}},
                    std::move(headers));
    }
    return http::Outcome::Of(
        http::Response{200, {{"Content-Type", "application/json"}}, job.script.output()});
  }

  http::Outcome Initiate(const http::Request& r) {
    json body = json::parse(r.body, nullptr, false);
    std::string name = body.is_object() && body.contains("file_name") && body["file_name"].is_string()
                           ? body["file_name"].get<std::string>()
                           : "upload.bin";
    std::lock_guard<std::mutex> lock(mu_);
    uploads_.push_back(name);
    const std::string n = std::to_string(uploads_.size());
    return Answer(200, {{"upload_url", std::string(kStorageUrl) + "/upload/" + n},
                        {"file_url", std::string(kStorageUrl) + "/files/" + n + "/" + name}});
  }

  static http::Outcome NotFal(const http::Request& r) {
    return Answer(404, {{"detail", "FakeFal answers fal's queue and storage only, not " +
                                       std::string(http::ToString(r.method)) + " " + r.url}});
  }

  std::map<std::string, Job> jobs_;
};

FakeFal::FakeFal() : state_(std::make_shared<State>()), transport_(std::make_shared<FakeTransport>()) {
  std::weak_ptr<State> weak = state_;
  transport_->SetHandler([weak](const http::Request& r) {
    auto state = weak.lock();
    if (!state)
      return http::Outcome::Of(
          http::NetworkError{http::NetworkError::Kind::kOther, "FakeFal is gone", false});
    return state->Handle(r);
  });
}

FakeFal::~FakeFal() = default;

ClientOptions FakeFal::Options(ClientOptions base) const {
  base.transport = transport_;
  base.use_environment = false;
  base.queue_url = kQueueUrl;
  base.rest_url = kRestUrl;
  base.upload_protocol = UploadProtocol::kStorageInitiate;
  if (base.credentials.empty()) base.credentials = Credentials("fake-key-id:fake-key-secret");
  return base;
}

JobScript& FakeFal::OnSubmit(const std::string& endpoint_id) {
  std::lock_guard<std::mutex> lock(state_->mu_);
  auto& queue = state_->scripts_[endpoint_id];
  queue.emplace_back(JobScript(), std::nullopt);
  return queue.back().first;
}

void FakeFal::RejectSubmit(const std::string& endpoint_id, int http_status, std::string detail) {
  std::lock_guard<std::mutex> lock(state_->mu_);
  state_->scripts_[endpoint_id].emplace_back(JobScript(), std::make_pair(http_status, std::move(detail)));
}

std::vector<Submission> FakeFal::submissions() const {
  std::lock_guard<std::mutex> lock(state_->mu_);
  return state_->submissions_;
}

std::vector<std::string> FakeFal::uploaded_files() const {
  std::lock_guard<std::mutex> lock(state_->mu_);
  return state_->uploads_;
}

std::shared_ptr<FakeTransport> FakeFal::transport() const { return transport_; }

}  // namespace fal::testing
