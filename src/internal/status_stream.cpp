// Waiting on fal's status stream (server-sent events): completion is noticed the moment fal reports it.
#include <algorithm>
#include <unordered_set>

#include "internal/api_call.hpp"
#include "internal/error_mapping.hpp"
#include "internal/queue_protocol.hpp"
#include "internal/retry.hpp"
#include "internal/sse_parser.hpp"
#include "internal/wait_base.hpp"

namespace fal::internal {
namespace {

using std::chrono::milliseconds;

// After this many connections in a row that end without a single event, the wait polls instead.
constexpr int kMaxStreamFailures = 3;

class StreamLoop : public WaitBase {
 public:
  StreamLoop(ClientCore& core, JobRef job, WaitOptions options, Done done)
      : WaitBase(core, std::move(job), std::move(options), std::move(done)),
        backoff_(PolicyFor(core, Operation::kStatus, CallOptions{})) {}

  void Start() override {
    if (EndIfCancelledOrLate()) return;
    auto conn = std::make_shared<Connection>(cancel_.token());
    conn->last_activity = core_.transport().Now();
    auto self = std::static_pointer_cast<StreamLoop>(shared_from_this());

    ApiCall call;
    call.op = Operation::kStatus;
    call.what = "status stream of " + job_.endpoint.Full() + " request " + job_.request_id;
    call.request.url = job_.status_url + "/stream" + (options_.with_logs ? "?logs=1" : "?logs=0");
    call.request.headers = {{"Accept", "text/event-stream"}};
    call.request.timeout = milliseconds(0);  // a stream lasts as long as the job; idleness is watched instead
    call.request.connect_timeout = core_.options().connect_timeout;
    call.request.on_headers = [self, conn](int status, const http::Headers& headers) {
      conn->status = status;
      conn->event_stream =
          http::FindHeader(headers, "content-type").value_or("").find("text/event-stream") == 0;
      conn->last_activity = self->core_.transport().Now();
    };
    call.request.on_body = [self, conn](std::string_view chunk) {
      conn->last_activity = self->core_.transport().Now();
      if (conn->status != 200 || !conn->event_stream) {
        if (conn->error_body.size() < 4096)
          conn->error_body.append(chunk.substr(0, 4096 - conn->error_body.size()));
        return true;
      }
      conn->parser.Feed(chunk, [&](const SseEvent& e) { self->OnEvent(*conn, e); });
      return !self->finished();
    };
    CallOptions options;
    options.cancel = conn->link.token();
    options.timeout = Remaining();
    RetryPolicy once;
    once.max_attempts = 1;  // reconnecting is this loop's job
    options.retry = once;
    Execute(core_, std::move(call), options,
            [self, conn](Result<http::Response> r) { self->OnEnd(*conn, std::move(r)); });
    Watch(conn);
  }

 private:
  struct Connection {
    explicit Connection(const CancellationToken& wait_token) : link(wait_token, CancellationToken()) {}
    LinkedCancellation link;  // ends this connection only
    SseParser parser;
    int status = 0;
    bool event_stream = false;
    bool ended = false;
    bool idle = false;
    int events = 0;
    std::string error_body;
    Clock::time_point last_activity;
    std::string last_data;
  };

  // Re-arms itself while the connection lives; drops a connection that has been silent too long.
  void Watch(const std::shared_ptr<Connection>& conn) {
    auto self = std::static_pointer_cast<StreamLoop>(shared_from_this());
    const milliseconds limit = options_.stream_idle_timeout;
    auto silent = std::chrono::duration_cast<milliseconds>(core_.transport().Now() - conn->last_activity);
    core_.transport().RunAfter(std::max(limit - silent, milliseconds(1)), conn->link.token(),
                               [self, conn, limit] {
                                 if (conn->ended || self->finished()) return;
                                 if (self->core_.transport().Now() - conn->last_activity >= limit) {
                                   conn->idle = true;
                                   conn->link.Cancel();
                                   return;
                                 }
                                 self->Watch(conn);
                               });
  }

  void OnEvent(Connection& conn, const SseEvent& event) {
    if (finished()) return;
    if (event.data == conn.last_data) return;  // a repeated event adds nothing
    conn.last_data = event.data;
    Result<JobStatus> status = ParseStatusJson(event.data);
    if (!status) {
      core_.Log(LogLevel::kWarning,
                "ignoring a status stream event that is not a status: " + status.error().message());
      return;
    }
    ++conn.events;
    failures_ = 0;
    MergeLogs(*status);
    if (options_.on_update) options_.on_update(*status);
    if (status->state == JobState::kCompleted) {
      Finish(std::move(*status));
      conn.link.Cancel();  // fal closes the stream now too; do not wait for it
    }
  }

  // Streams send only new lines per event, and a reconnected stream may repeat old ones: keep each once.
  void MergeLogs(JobStatus& status) {
    for (LogEntry& line : status.logs) {
      std::string key = line.timestamp + '\x1f' + line.level + '\x1f' + line.message;
      if (seen_logs_.insert(std::move(key)).second) logs_.push_back(std::move(line));
    }
    status.logs = logs_;
  }

  void OnEnd(Connection& conn, Result<http::Response> result) {
    conn.ended = true;
    conn.link.Cancel();  // stops the watchdog
    if (finished() || EndIfCancelledOrLate()) return;
    if (result) {
      int s = result->status;
      bool not_offered = s == 404 || s == 405 || s == 501 || (s >= 200 && s < 300 && !conn.event_stream);
      if (not_offered) {
        core_.MarkStreamingUnsupported();
        core_.Log(LogLevel::kInfo, "the server does not offer status streams (HTTP " + std::to_string(s) +
                                       "); waiting by polling from now on");
        return FallBackToPolling();
      }
      // A stream that ended (2xx), or the retry rule's transient answers: open it again.
      bool transient = (s >= 200 && s < 300) ||
                       Classify(Operation::kStatus, http::Outcome::Of(*result)) == Verdict::kRetry;
      if (!transient) {
        http::Response r = std::move(*result);
        r.body = conn.error_body;
        return Finish(ErrorFromResponse(r, "status stream of request " + job_.request_id));
      }
    }
    if (conn.events == 0) ++failures_;
    if (failures_ >= kMaxStreamFailures) {
      core_.Log(LogLevel::kInfo, "status stream of request " + job_.request_id + " failed " +
                                     std::to_string(failures_) + " times in a row; polling instead");
      return FallBackToPolling();
    }
    milliseconds delay = conn.events > 0 ? milliseconds(0) : backoff_.Next();
    delay = std::min(delay, Remaining().value_or(delay));
    core_.Log(LogLevel::kDebug, "status stream of request " + job_.request_id + " ended" +
                                    (conn.idle ? " (idle)" : "") + "; reconnecting in " +
                                    std::to_string(delay.count()) + " ms");
    auto self = shared_from_this();
    core_.transport().RunAfter(delay, cancel_.token(), [self] { self->Start(); });
  }

  void FallBackToPolling() {
    WaitOptions polling = options_;
    polling.mode = WaitMode::kPolling;
    polling.timeout = Remaining();
    auto self = std::static_pointer_cast<StreamLoop>(shared_from_this());
    MakePollingWait(core_, job_, std::move(polling), [self](Result<JobStatus> r) {
      self->Finish(std::move(r));
    })->Start();
  }

  Backoff backoff_;
  int failures_ = 0;
  std::vector<LogEntry> logs_;
  std::unordered_set<std::string> seen_logs_;
};

}  // namespace

std::shared_ptr<WaitBase> MakeStreamingWait(ClientCore& core, JobRef job, WaitOptions options,
                                            WaitBase::Done done) {
  return std::make_shared<StreamLoop>(core, std::move(job), std::move(options), std::move(done));
}

}  // namespace fal::internal
