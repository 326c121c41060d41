#include "emulator.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "body_delivery.hpp"
#include "connection_control.hpp"
#include "crypto.hpp"
#include "job_outcomes.hpp"
#include "sample_video.hpp"
#include "thread_pool.hpp"
#include "time_util.hpp"

namespace fal::emulator {
namespace {

const char* ReasonPhrase(int status) {
  static constexpr std::pair<int, const char*> kPhrases[] = {
      {400, "Bad Request"},       {401, "Unauthorized"},
      {403, "Forbidden"},         {404, "Not Found"},
      {408, "Request Timeout"},   {409, "Conflict"},
      {413, "Payload Too Large"}, {422, "Unprocessable Entity"},
      {429, "Too Many Requests"}, {500, "Internal Server Error"},
      {502, "Bad Gateway"},       {503, "Service Unavailable"},
      {504, "Gateway Timeout"}};
  for (const auto& [code, phrase] : kPhrases) {
    if (code == status) return phrase;
  }
  return "Error";
}

std::string RetryAfterValue(const std::string& spec) {
  const std::string date_prefix = "date+";
  if (spec.rfind(date_prefix, 0) == 0) {
    const long long seconds = std::atoll(spec.c_str() + date_prefix.size());
    return HttpDate(static_cast<std::time_t>(UnixSecondsNow() + seconds));
  }
  return spec;  // seconds, or any text a test wants sent verbatim
}

}  // namespace

std::unique_ptr<Emulator> Emulator::Create(const Options& options, std::string* error) {
  const std::uint64_t seed = options.seed ? *options.seed : std::random_device{}() * 0x9e3779b97f4a7c15ULL;
  std::unique_ptr<Emulator> emulator(new Emulator(options, seed));

  auto plan = ParseFaultPlan(options.faults, error);
  if (!plan) return nullptr;
  emulator->faults_.SetPlan(std::move(*plan), options.faults);

  if (!options.journal_path.empty()) {
    emulator->journal_ = Journal::Open(options.journal_path, error);
    if (!emulator->journal_) return nullptr;
  }
  emulator->signer_ = options.webhook_key_path.empty()
                          ? WebhookSigner::Generate(error)
                          : WebhookSigner::LoadPem(options.webhook_key_path, error);
  if (!emulator->signer_) return nullptr;
  emulator->storage_ =
      FileStore::Open(options.data_dir, kSampleVideoData, kSampleVideoSize, emulator->random_, error);
  if (!emulator->storage_) return nullptr;

  Emulator* self = emulator.get();
  if (options.outputs == OutputMode::kRender) {
    emulator->renderer_ = OutputRenderer::Create(*emulator->storage_, [self] { self->scheduler_->Wake(); });
  }
  emulator->webhooks_ = std::make_unique<WebhookDispatcher>(
      WebhookSettings{options.webhook_attempts, std::chrono::milliseconds(options.webhook_backoff_ms),
                      options.webhook_user_id},
      *emulator->signer_, emulator->faults_, emulator->stats_, emulator->journal_.get(), emulator->stop_);
  emulator->scheduler_ = std::make_unique<JobScheduler>(
      SchedulerTiming{options.workers, std::chrono::milliseconds(options.queue_ms),
                      std::chrono::milliseconds(options.run_ms),
                      std::chrono::milliseconds(options.log_every_ms)},
      [self](const Job& job) { return self->BuildSuccess(job); },
      [self](JobEnd end) { self->stats_.JobEnded(end); },
      [self](const std::shared_ptr<Job>& job) { self->OnJobFinished(job); },
      [self](const Job& job) { return !self->renderer_ || self->renderer_->Ready(job.spec().request_id); });
  emulator->webhooks_->Start();
  emulator->scheduler_->Start();
  return emulator;
}

Emulator::Emulator(const Options& options, std::uint64_t seed)
    : options_(options),
      seed_(seed),
      random_(seed),
      faults_(seed ^ 0x5fa17ULL),
      cdn_tokens_(random_, options.cdn_token_prefix,
                  std::chrono::milliseconds(options.cdn_token_lifetime_ms)) {
  check_policy_.reject_rv2v_over_budget = options.rv2v_over_budget == OverBudgetPolicy::kReject;

  // Each connection holds a thread for its life (keep-alive included), so open status streams need
  // threads; the pool grows on demand instead of starting thousands.
  const std::size_t max_threads = static_cast<std::size_t>(options_.max_threads);
  server_.new_task_queue = [max_threads] { return new ElasticThreadPool(max_threads); };
  // httplib closes a keep-alive connection after 5 requests by default; benchmarks poll thousands of
  // times over one connection.
  server_.set_keep_alive_max_count(1000000);
  server_.set_keep_alive_timeout(10);
  // Headers and body go out in two writes; without TCP_NODELAY, Nagle and delayed ACKs add 40 ms.
  server_.set_tcp_nodelay(true);
  server_.set_read_timeout(30);
  server_.set_write_timeout(30);
  server_.set_socket_options([this](int fd) {
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    listen_fd_ = fd;
  });
  server_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown error";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        res.status = 500;
        res.set_content(nlohmann::json{{"detail", "fal-emulator internal error: " + what}}.dump(),
                        "application/json");
      });

  // One catch-all pattern per method: the router parses paths itself, so httplib runs one trivial
  // regex per request instead of a list of them.
  server_.Get(".*",
              [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res, nullptr); });
  server_.Delete(".*",
                 [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res, nullptr); });
  server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& reader) { Handle(req, res, &reader); });
  server_.Put(".*", [this](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) { Handle(req, res, &reader); });
  // A POST or PUT that announces no body (no Content-Length, no Transfer-Encoding) has none, as HTTP/1.1
  // says (httplib_overrides.cpp): httplib then routes it here, with nothing to read.
  server_.Post(".*",
               [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res, nullptr); });
  server_.Put(".*",
              [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res, nullptr); });
}

Emulator::~Emulator() {
  if (scheduler_) scheduler_->Stop();
  if (webhooks_) webhooks_->Stop();
}

bool Emulator::Bind(std::string* error) {
  if (options_.port == 0) {
    port_ = server_.bind_to_any_port(options_.host);
  } else {
    port_ = server_.bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    if (error) *error = "cannot listen on " + options_.host + ":" + std::to_string(options_.port);
    return false;
  }
  // httplib listens with a backlog of 5; a thousand clients connecting at once would see SYN retries
  // (a second each). Calling listen() again on the bound socket raises it.
  if (listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
  const bool ipv6 = options_.host.find(':') != std::string::npos;
  listen_url_ = "http://" + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
  return true;
}

void Emulator::Serve() {
  server_.listen_after_bind();
  serve_finished_ = true;
}

void Emulator::Stop() {
  stopping_ = true;
  stop_.Trigger();
  jobs_.ForEach([](const Job& job) { job.WakeWaiters(); });
  // stop() only acts once the accept loop runs, so repeat until Serve() has returned.
  while (!serve_finished_) {
    server_.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  scheduler_->Stop();
  webhooks_->Stop();
}

std::string Emulator::BaseUrl(const httplib::Request& req) const {
  const std::string host = req.get_header_value("Host");
  return host.empty() ? listen_url_ : "http://" + host;
}

void Emulator::ReplyJson(Exchange& ex, int status, const nlohmann::json& body) {
  ex.res.status = status;
  ex.res.set_content(body.dump(), "application/json");
}

bool Emulator::ReadBody(Exchange& ex) {
  if (ex.body_read) return true;
  ex.body_read = true;
  if (!ex.reader) {
    ex.body = ex.req.body;
  } else {
    auto append = [&ex](const char* data, std::size_t size) {
      ex.body.append(data, size);
      return true;
    };
    // A multipart/form-data body must be read with httplib's multipart reader; no route wants one,
    // so its parts are simply concatenated (and then fail to parse as whatever the route expects).
    const bool ok = ex.req.is_multipart_form_data()
                        ? (*ex.reader)([](const httplib::MultipartFormData&) { return true; }, append)
                        : (*ex.reader)(append);
    if (!ok) return false;
  }
  ex.body_size = ex.body.size();
  if (journal_) ex.body_sha256 = Sha256Hex(ex.body);
  return true;
}

void Emulator::DrainBody(Exchange& ex) {
  if (ex.body_read || !ex.reader) return;
  ex.body_read = true;
  std::unique_ptr<Sha256Stream> hash = journal_ ? std::make_unique<Sha256Stream>() : nullptr;
  auto drop = [&ex, &hash](const char* data, std::size_t size) {
    ex.body_size += size;
    if (hash) hash->Update(data, size);
    return true;
  };
  if (ex.req.is_multipart_form_data()) {
    (*ex.reader)([](const httplib::MultipartFormData&) { return true; }, drop);
  } else {
    (*ex.reader)(drop);
  }
  if (hash) ex.body_sha256 = hash->FinishHex();
}

bool Emulator::Authorized(Exchange& ex) {
  if (options_.api_key.empty()) return true;
  const std::string given = ex.req.get_header_value("Authorization");
  if (ConstantTimeEquals(given, "Key " + options_.api_key)) return true;
  DrainBody(ex);
  ReplyJson(ex, 401,
            {{"detail",
              given.empty() ? "Authorization header is required" : "No user found for Key ID and Secret"}});
  return false;
}

void Emulator::ReplyInjectedStatus(Exchange& ex, const Fault& fault) {
  ex.res.status = fault.status;
  if (fault.ingress) {
    // What an nginx in front of fal answers: HTML, and no x-fal-request-id (clients use that to tell
    // a gateway error, safe to retry, from fal's own).
    const std::string code = std::to_string(fault.status) + " " + ReasonPhrase(fault.status);
    ex.res.set_content("<html>\r\n<head><title>" + code + "</title></head>\r\n<body>\r\n<center><h1>" + code +
                           "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                       "text/html");
    ex.ingress_answer = true;
  } else {
    const std::string error_type =
        fault.error_type.empty() ? DefaultErrorType(fault.status) : fault.error_type;
    nlohmann::json body = {
        {"detail", std::string(ReasonPhrase(fault.status)) + " (injected by fal-emulator)"}};
    if (!error_type.empty()) {
      body["error_type"] = error_type;
      ex.res.set_header("X-Fal-Error-Type", error_type);
    }
    ex.res.set_content(body.dump(), "application/json");
  }
  if (!fault.retry_after.empty()) ex.res.set_header("Retry-After", RetryAfterValue(fault.retry_after));
}

void Emulator::Handle(const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader* reader) {
  Exchange ex(req, res, reader);
  Process(ex);
  if (!ex.reset && IsQueueRoute(ex.match.route) && !ex.ingress_answer && !ex.request_id.empty()) {
    res.set_header("x-fal-request-id", ex.request_id);
  }
  Record(ex);
}

void Emulator::Process(Exchange& ex) {
  const Route route = ex.match.route;
  stats_.CountRequest(route);
  CountCredentialLeaks(ex);
  if (route == Route::kSubmit) ex.request_id = random_.NewUuid();
  if (IsQueueRoute(route) && route != Route::kSubmit) ex.request_id = ex.match.request_id;

  if (route == Route::kUnknown) {
    DrainBody(ex);
    ReplyJson(ex, 404, {{"detail", "Not Found"}});
    return;
  }
  if ((IsQueueRoute(route) || route == Route::kInitiate || route == Route::kCdnToken) && !Authorized(ex))
    return;

  if (route != Route::kControl && route != Route::kJwks) ex.fault = faults_.Decide(route);
  if (ex.fault && ex.fault->action == FaultAction::kReset) {
    // Before anything is read or done: the request provably had no effect.
    ResetConnection(ConnectionId::Of(ex.req));
    ex.reset = true;
    return;
  }
  if (ex.fault && ex.fault->action == FaultAction::kStatus) {
    DrainBody(ex);  // an unread body would be parsed as the next request on this connection
    ReplyInjectedStatus(ex, *ex.fault);
    return;
  }

  Dispatch(ex);
  if (!ex.reset) ApplyAnswerFault(ex);
}

void Emulator::Dispatch(Exchange& ex) {
  switch (ex.match.route) {
    case Route::kSubmit:
      return HandleSubmit(ex);
    case Route::kStatus:
      return HandleStatus(ex);
    case Route::kStream:
      return HandleStream(ex);
    case Route::kResult:
      return HandleResult(ex);
    case Route::kCancel:
      DrainBody(ex);  // cancel takes no body; one sent anyway must not spoil the connection
      return HandleCancel(ex);
    case Route::kInitiate:
      return HandleInitiate(ex);
    case Route::kUpload:
    case Route::kPart:
      return HandleUpload(ex);
    case Route::kComplete:
      return HandleComplete(ex);
    case Route::kFile:
      return HandleFile(ex);
    case Route::kCdnToken:
      return HandleCdnToken(ex);
    case Route::kCdnUpload:
      return HandleCdnUpload(ex);
    case Route::kCdnMultipart:
      return HandleCdnMultipart(ex);
    case Route::kCdnPart:
      return HandleCdnPart(ex);
    case Route::kCdnComplete:
      return HandleCdnComplete(ex);
    case Route::kJwks:
      ex.res.set_header("Cache-Control", "max-age=3600");
      ex.res.set_content(signer_->jwks(), "application/json");
      return;
    case Route::kControl:
      return HandleControl(ex);
    case Route::kWebhook:
    case Route::kUnknown:
      break;
  }
  ReplyJson(ex, 404, {{"detail", "Not Found"}});
}

// Faults that bend an answer the route already produced: hold it, garble it, or cut or slow its body.
void Emulator::ApplyAnswerFault(Exchange& ex) {
  if (!ex.fault || ex.fault_handled) return;
  const Fault& fault = *ex.fault;
  if (fault.action == FaultAction::kStall) {
    stop_.SleepFor(std::chrono::milliseconds(fault.amount));
    return;
  }
  const DeliveryPlan plan = DeliveryPlan::From(fault, random_.NextU64());
  if (!plan.affects_body() || ex.res.body.empty()) return;
  const std::string content_type = ex.res.get_header_value("Content-Type");
  ex.res.headers.erase("Content-Type");
  std::string body = std::move(ex.res.body);
  ex.res.body.clear();
  DeliverBody(ex.res, ConnectionId::Of(ex.req), StringBody(std::move(body)), content_type, plan, stop_);
}

void Emulator::Record(const Exchange& ex) {
  if (options_.verbose) {
    std::fprintf(stderr, "fal-emulator: %s %s -> %d%s%s\n", ex.req.method.c_str(), ex.req.path.c_str(),
                 ex.reset ? 0 : ex.res.status, ex.fault ? " fault " : "",
                 ex.fault ? ex.fault->text.c_str() : "");
  }
  if (!journal_) return;
  JournalEntry entry;
  entry.method = ex.req.method;
  entry.path = ex.req.path;
  const auto query = ex.req.target.find('?');
  if (query != std::string::npos) entry.query = ex.req.target.substr(query + 1);
  entry.route = std::string(RouteName(ex.match.route));
  entry.headers.assign(ex.req.headers.begin(), ex.req.headers.end());
  entry.body_size = ex.body_size;
  entry.body_sha256 = ex.body_sha256;
  if (!ex.reset) entry.status = ex.res.status == -1 ? (ex.req.ranges.empty() ? 200 : 206) : ex.res.status;
  if (ex.fault) entry.fault = ex.fault->text;
  entry.request_id = ex.request_id;
  if (ex.match.route == Route::kSubmit && ex.body_read) {
    const nlohmann::json body = nlohmann::json::parse(ex.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_object()) {
      for (const auto& field : body.items()) entry.body_fields.push_back(field.key());
    }
  }
  journal_->Write(entry);
}

}  // namespace fal::emulator
