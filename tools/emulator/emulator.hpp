// fal-emulator's server: one cpp-httplib server whose routes speak fal's queue, storage and webhook
// protocols. Request handling is split by area: emulator.cpp (set-up, dispatch, auth, faults common to
// every route, journal), emulator_queue.cpp, emulator_storage.cpp and emulator_control.cpp.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cdn_tokens.hpp"
#include "fault_injector.hpp"
#include "job_store.hpp"
#include "journal.hpp"
#include "options.hpp"
#include "output_renderer.hpp"
#include "random_source.hpp"
#include "router.hpp"
#include "scheduler.hpp"
#include "stats.hpp"
#include "stop_signal.hpp"
#include "storage.hpp"
#include "webhook_signer.hpp"
#include "webhooks.hpp"

namespace fal::emulator {

class Emulator {
 public:
  static std::unique_ptr<Emulator> Create(const Options& options, std::string* error);
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Binds the listening socket (a free port when --port 0).
  bool Bind(std::string* error);
  // http://HOST:PORT with the real port; valid after Bind().
  const std::string& listen_url() const { return listen_url_; }
  std::uint64_t seed() const { return seed_; }

  // Serves until Stop(); call on its own thread after Bind().
  void Serve();
  // Ends streams, stalls and backoffs at once, closes the listener and waits for Serve() to return.
  void Stop();

 private:
  // One request being answered, passed between the dispatcher and the route handlers.
  struct Exchange {
    Exchange(const httplib::Request& request, httplib::Response& response,
             const httplib::ContentReader* body_reader)
        : req(request), res(response), reader(body_reader), match(MatchRoute(request.method, request.path)) {}

    const httplib::Request& req;
    httplib::Response& res;
    const httplib::ContentReader* reader;
    RouteMatch match;
    std::optional<Fault> fault;
    bool fault_handled = false;  // a route handler applied the fault itself
    std::string request_id;      // x-fal-request-id to answer on queue routes
    std::string body;
    bool body_read = false;
    std::uint64_t body_size = 0;
    std::string body_sha256;
    bool reset = false;           // the connection was reset: nothing is answered
    bool ingress_answer = false;  // an injected proxy page: no x-fal-request-id
  };

  Emulator(const Options& options, std::uint64_t seed);

  void Handle(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader);
  void Process(Exchange& ex);
  void Dispatch(Exchange& ex);
  bool Authorized(Exchange& ex);
  void ReplyInjectedStatus(Exchange& ex, const Fault& fault);
  void ApplyAnswerFault(Exchange& ex);
  void Record(const Exchange& ex);

  // Shared helpers.
  bool ReadBody(Exchange& ex);
  // Reads and drops a body the emulator will not use (an upload may be gigabytes), so the connection
  // stays usable for the next request.
  void DrainBody(Exchange& ex);
  static void ReplyJson(Exchange& ex, int status, const nlohmann::json& body);
  std::string BaseUrl(const httplib::Request& req) const;

  // Queue (emulator_queue.cpp).
  void HandleSubmit(Exchange& ex);
  void HandleStatus(Exchange& ex);
  void HandleStream(Exchange& ex);
  void HandleResult(Exchange& ex);
  void HandleCancel(Exchange& ex);
  std::shared_ptr<Job> FindJob(Exchange& ex);
  JobOutcome BuildSuccess(const Job& job);
  void OnJobFinished(const std::shared_ptr<Job>& job);

  // Storage (emulator_storage.cpp).
  void HandleInitiate(Exchange& ex);
  void HandleUpload(Exchange& ex);
  void HandleComplete(Exchange& ex);
  void HandleFile(Exchange& ex);
  bool CheckUploadUrl(Exchange& ex);
  std::unique_ptr<BlobWriter> ReceiveUpload(Exchange& ex);
  bool RefuseFormData(Exchange& ex);
  void StorePart(Exchange& ex, BlobWriter& writer);
  void CompleteUpload(Exchange& ex, const char* url_field);

  // CDN v3 (emulator_cdn.cpp): token, single upload, multipart create, parts, complete.
  void HandleCdnToken(Exchange& ex);
  void HandleCdnUpload(Exchange& ex);
  void HandleCdnMultipart(Exchange& ex);
  void HandleCdnPart(Exchange& ex);
  void HandleCdnComplete(Exchange& ex);
  bool CheckCdnToken(Exchange& ex);
  bool CheckCdnUpload(Exchange& ex);
  void CountCredentialLeaks(const Exchange& ex);

  // Control (emulator_control.cpp).
  void HandleControl(Exchange& ex);
  void Reset();

  const Options options_;
  const std::uint64_t seed_;
  RandomSource random_;
  StopSignal stop_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> serve_finished_{false};
  Stats stats_;
  FaultInjector faults_;
  CheckPolicy check_policy_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<WebhookSigner> signer_;
  std::unique_ptr<FileStore> storage_;
  CdnTokens cdn_tokens_;
  JobStore jobs_;
  std::unique_ptr<WebhookDispatcher> webhooks_;
  std::unique_ptr<JobScheduler> scheduler_;
  // After the scheduler: destroyed first, while the scheduler it wakes still exists (stopped).
  std::unique_ptr<OutputRenderer> renderer_;  // null: outputs are copied (--outputs copy, no falcpp::media)
  const SteadyTime started_at_ = SteadyClock::now();

  httplib::Server server_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::string listen_url_;
};

}  // namespace fal::emulator
