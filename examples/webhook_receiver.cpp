// A webhook receiver: submits a job with a webhook URL and does not wait for it; fal POSTs the outcome
// to this program's HTTP server (cpp-httplib), which verifies the Ed25519 signature against fal's JWKS
// with fal::webhooks, drops redeliveries, and reads the typed output.
//
//   FAL_BASE_URL=http://127.0.0.1:PORT ./example_webhook_receiver     (fal-emulator signs its webhooks too)
//   FAL_KEY=... ./example_webhook_receiver https://your-public-host    (fal must be able to reach the URL)
#include <httplib.h>

#include <condition_variable>
#include <cstdlib>
#include <fal/client.hpp>
#include <fal/ltx/render_to_real.hpp>
#include <fal/webhooks.hpp>
#include <iostream>
#include <mutex>
#include <thread>

int main(int argc, char** argv) {
  // fal's JWKS, or the one of the server in FAL_BASE_URL (fal-emulator serves its own).
  const char* base_url = std::getenv("FAL_BASE_URL");
  fal::webhooks::JwksCache keys(base_url != nullptr && *base_url != '\0'
                                    ? std::string(base_url) + "/.well-known/jwks.json"
                                    : fal::webhooks::JwksCache::kFalJwksUrl);
  fal::webhooks::ReplayGuard replays;  // fal may deliver a webhook more than once

  std::mutex mu;
  std::condition_variable done;
  bool received = false;
  bool verified = false;

  httplib::Server server;
  server.Post("/fal-webhook", [&](const httplib::Request& req, httplib::Response& res) {
    // Verify the raw body exactly as received, before parsing it.
    const fal::http::Headers headers(req.headers.begin(), req.headers.end());
    fal::Result<fal::webhooks::Jwks> jwks = keys.Get();
    if (!jwks) {
      res.status = 503;  // fal retries later
      return;
    }
    fal::Result<void> ok = fal::webhooks::Verify(headers, req.body, *jwks);
    if (!ok && (jwks = keys.Refresh()))
      ok = fal::webhooks::Verify(headers, req.body, *jwks);  // rotated keys?
    if (!ok) {
      std::cerr << "rejected a webhook: " << ok.error().message() << "\n";
      res.status = 401;
      return;
    }
    fal::Result<fal::webhooks::Payload> payload = fal::webhooks::ParsePayload(req.body);
    res.status = payload ? 200 : 400;
    if (!payload || replays.Seen(payload->request_id)) return;

    auto output = fal::webhooks::OutputOf<fal::ltx::RenderToRealInput>(*payload);
    if (output) {
      std::cout << "verified webhook for " << payload->request_id << ": " << output->video.url << "\n";
    } else {
      std::cout << "verified webhook for " << payload->request_id << ": " << output.error().message() << "\n";
    }
    std::lock_guard<std::mutex> lock(mu);
    received = verified = true;
    done.notify_all();
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "could not listen on 127.0.0.1\n";
    return 1;
  }
  std::thread listener([&server] { server.listen_after_bind(); });

  const std::string public_url = argc > 1 ? argv[1] : "http://127.0.0.1:" + std::to_string(port);
  fal::Client client;
  fal::ltx::RenderToRealInput input;
  input.video_url = "https://example.com/blockout.mp4";
  input.resolution = fal::ltx::RenderResolution::k480p;
  fal::SubmitOptions submit;
  submit.webhook_url = public_url + "/fal-webhook";
  auto job = client.Submit(input, submit);
  if (!job) {
    std::cerr << job.error().ToString() << "\n";
  } else {
    std::cout << "submitted " << job->request_id() << "; waiting for its webhook on port " << port << "\n";
    std::unique_lock<std::mutex> lock(mu);
    done.wait_for(lock, std::chrono::minutes(10), [&] { return received; });
  }
  server.stop();
  listener.join();
  return verified ? 0 : 1;
}
