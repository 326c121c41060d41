// The libcurl transport against in-process cpp-httplib servers on loopback.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "fal/client.hpp"
#include "fal/http/transport.hpp"
#include "support/loopback_server.hpp"

namespace fal::http {
namespace {

using std::chrono::milliseconds;

using test_support::LoopbackServer;

Outcome SendAndWait(Transport& t, Request r) {
  std::promise<Outcome> p;
  auto f = p.get_future();
  t.Send(std::move(r), [&p](Outcome o) { p.set_value(std::move(o)); });
  return f.get();
}

TEST(CurlTransport, RoundTripsMethodHeadersAndBody) {
  LoopbackServer s([&](httplib::Server& http) {
    http.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Fal-Request-Id", "rid-1");
      res.set_content(
          req.get_header_value("X-Test") + ":" + req.get_header_value("Content-Type") + ":" + req.body,
          "text/plain");
      res.status = 201;
    });
  });
  auto t = MakeCurlTransport();
  Request r;
  r.method = Method::kPost;
  r.url = s.url("/echo");
  r.headers = {{"X-Test", "yes"}, {"Content-Type", "application/json"}};
  r.body = R"({"a":1})";
  Outcome o = SendAndWait(*t, r);
  ASSERT_TRUE(o.response) << o.error->message;
  EXPECT_EQ(o.response->status, 201);
  EXPECT_EQ(o.response->body, R"(yes:application/json:{"a":1})");
  EXPECT_EQ(o.response->Header("x-fal-request-id"), "rid-1");
}

TEST(CurlTransport, StreamsABodySourceOnPut) {
  std::mutex mu;
  std::string received;
  LoopbackServer s([&](httplib::Server& http) {
    http.Put("/up", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      received = req.body;
      res.set_content("ok", "text/plain");
    });
  });
  const std::size_t size = 3 * 1024 * 1024 + 17;
  auto t = MakeCurlTransport();
  Request r;
  r.method = Method::kPut;
  r.url = s.url("/up");
  std::atomic<std::uint64_t> last_progress{0};
  r.body_source = BodySource{size, [](std::uint64_t off, char* buf, std::size_t max) -> std::int64_t {
                               for (std::size_t i = 0; i < max; ++i)
                                 buf[i] = static_cast<char>((off + i) % 251);
                               return static_cast<std::int64_t>(max);
                             }};
  r.on_upload_progress = [&](std::uint64_t sent, std::uint64_t) { last_progress = sent; };
  Outcome o = SendAndWait(*t, r);
  ASSERT_TRUE(o.response) << o.error->message;
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(received.size(), size);
  for (std::size_t i = 0; i < size; i += 4099) ASSERT_EQ(received[i], static_cast<char>(i % 251)) << i;
  EXPECT_EQ(last_progress.load(), size);
}

TEST(CurlTransport, ChunkedBodiesAreCollectedOrStreamed) {
  LoopbackServer s([&](httplib::Server& http) {
    http.Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= 5) {
          sink.done();
          return true;
        }
        std::string piece = std::to_string(offset);
        sink.write(piece.data(), piece.size());
        return true;
      });
    });
  });
  auto t = MakeCurlTransport();
  Request r;
  r.url = s.url("/chunked");
  Outcome whole = SendAndWait(*t, r);
  ASSERT_TRUE(whole.response);
  EXPECT_EQ(whole.response->body, "01234");
  std::string streamed;
  int header_calls = 0;
  r.on_headers = [&](int status, const Headers&) {
    EXPECT_EQ(status, 200);
    ++header_calls;
  };
  r.on_body = [&](std::string_view chunk) {
    EXPECT_EQ(header_calls, 1);
    streamed += chunk;
    return true;
  };
  Outcome s2 = SendAndWait(*t, r);
  ASSERT_TRUE(s2.response);
  EXPECT_EQ(streamed, "01234");
  EXPECT_TRUE(s2.response->body.empty());
}

TEST(CurlTransport, TimeoutAfterTheRequestWasSent) {
  LoopbackServer s([&](httplib::Server& http) {
    http.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(milliseconds(1500));
      res.set_content("late", "text/plain");
    });
  });
  auto t = MakeCurlTransport();
  Request r;
  r.url = s.url("/slow");
  r.timeout = milliseconds(200);
  Outcome o = SendAndWait(*t, r);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->kind, NetworkError::Kind::kTimeout);
  EXPECT_TRUE(o.error->request_sent);
}

TEST(CurlTransport, RefusedConnectionSentNothing) {
  int port;
  {
    LoopbackServer s;  // take a free port, then close it
    port = std::stoi(s.url("").substr(17));
  }
  auto t = MakeCurlTransport();
  Request r;
  r.url = "http://127.0.0.1:" + std::to_string(port) + "/x";
  Outcome o = SendAndWait(*t, r);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->kind, NetworkError::Kind::kConnectFailed);
  EXPECT_FALSE(o.error->request_sent);
}

TEST(CurlTransport, PlainHttpToARemoteHostIsRefusedWithoutSending) {
  auto t = MakeCurlTransport();
  Request r;
  r.url = "http://10.255.255.1/x";
  Outcome o = SendAndWait(*t, r);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->kind, NetworkError::Kind::kRejected);
  EXPECT_NE(o.error->message.find("https"), std::string::npos);
}

TEST(CurlTransport, RedirectToAnotherPortDropsAuthorization) {
  std::mutex mu;
  std::string target_auth = "<unset>", origin_auth;
  LoopbackServer target([&](httplib::Server& http) {
    http.Get("/file", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      target_auth = req.get_header_value("Authorization");
      res.set_content("payload", "text/plain");
    });
  });
  LoopbackServer origin([&](httplib::Server& http) {
    http.Get("/go", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      origin_auth = req.get_header_value("Authorization");
      res.set_redirect(target.url("/file"), 302);
    });
  });
  auto t = MakeCurlTransport();
  Request r;
  r.url = origin.url("/go");
  r.headers = {{"Authorization", "Key secret"}};
  r.follow_redirects = true;
  Outcome o = SendAndWait(*t, r);
  ASSERT_TRUE(o.response) << o.error->message;
  EXPECT_EQ(o.response->body, "payload");
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(origin_auth, "Key secret");
  EXPECT_EQ(target_auth, "");
}

TEST(CurlTransport, RedirectsAreNotFollowedUnlessAsked) {
  LoopbackServer s([&](httplib::Server& http) {
    http.Get("/go",
             [&](const httplib::Request&, httplib::Response& res) { res.set_redirect("/elsewhere", 302); });
  });
  auto t = MakeCurlTransport();
  Request r;
  r.url = s.url("/go");
  Outcome o = SendAndWait(*t, r);
  ASSERT_TRUE(o.response);
  EXPECT_EQ(o.response->status, 302);
}

// Waits (polling, with a deadline) until `count` requests reached a test server's handler.
bool WaitForArrivals(const std::atomic<int>& arrived, int count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (arrived.load() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  return arrived.load() >= count;
}

TEST(CurlTransport, CancelStopsAnExchangeInFlight) {
  std::atomic<int> arrived{0};
  LoopbackServer s([&](httplib::Server& http) {
    http.Get("/hang", [&](const httplib::Request&, httplib::Response& res) {
      ++arrived;
      std::this_thread::sleep_for(milliseconds(3000));
      res.set_content("late", "text/plain");
    });
  });
  auto t = MakeCurlTransport();
  CancellationSource cancel;
  Request r;
  r.url = s.url("/hang");
  r.cancel = cancel.Token();
  std::promise<Outcome> p;
  auto f = p.get_future();
  t->Send(r, [&p](Outcome o) { p.set_value(std::move(o)); });
  ASSERT_TRUE(WaitForArrivals(arrived, 1));  // in flight: the server holds it
  cancel.Cancel();
  ASSERT_EQ(f.wait_for(milliseconds(1500)), std::future_status::ready);
  Outcome o = f.get();
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->kind, NetworkError::Kind::kCancelled);
}

TEST(CurlTransport, ManyExchangesInFlightOnOneThread) {
  std::atomic<int> active{0}, peak{0};
  LoopbackServer s([&](httplib::Server& http) {
    // One exchange per connection. The server has 16 worker threads and cpp-httplib keeps a worker on its
    // connection for the keep-alive timeout (5 s) after answering: the 16 connections libcurl keeps open
    // for reuse would hold every worker while the other 24 exchanges wait in the server's queue, so 40
    // exchanges took 0.3 + 5.3 + 5.3 s (about 11 s) whatever the client did.
    http.set_keep_alive_max_count(1);
    http.Get("/wait", [&](const httplib::Request&, httplib::Response& res) {
      int now = ++active;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(milliseconds(300));
      --active;
      res.set_content("ok", "text/plain");
    });
  });
  CurlTransportOptions options;
  options.threads = 1;
  auto t = MakeCurlTransport(options);
  constexpr int kN = 40;
  std::atomic<int> ok{0}, done{0};
  std::mutex mu;
  std::condition_variable cv;
  for (int i = 0; i < kN; ++i) {
    Request r;
    r.url = s.url("/wait");
    t->Send(r, [&](Outcome o) {
      if (o.response && o.response->status == 200) ++ok;
      std::lock_guard<std::mutex> lock(mu);
      ++done;
      cv.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  // Three rounds of 16 exchanges of 300 ms: about 1 s; the bound is for a loaded machine.
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return done == kN; }));
  EXPECT_EQ(ok, kN);
  // One loop thread kept many exchanges open at once (a blocking client would show 1). The server has 16
  // threads; on a loaded machine not all of them get scheduled together, so ask for a margin, not the max.
  EXPECT_GT(peak.load(), 4);
}

TEST(CurlTransport, ConnectionsAreReused) {
  std::set<int> client_ports;
  std::mutex mu;
  LoopbackServer s([&](httplib::Server& http) {
    http.Get("/p", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      client_ports.insert(req.remote_port);
      res.set_content("ok", "text/plain");
    });
  });
  CurlTransportOptions options;
  options.threads = 1;
  auto t = MakeCurlTransport(options);
  for (int i = 0; i < 5; ++i) {
    Request r;
    r.url = s.url("/p");
    ASSERT_TRUE(SendAndWait(*t, r).response);
  }
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(client_ports.size(), 1u);
}

TEST(CurlTransport, TimersFireAfterTheirDelayOrAtCancel) {
  auto t = MakeCurlTransport();
  std::promise<std::chrono::steady_clock::time_point> fired;
  auto start = std::chrono::steady_clock::now();
  t->RunAfter(milliseconds(150), CancellationToken(),
              [&] { fired.set_value(std::chrono::steady_clock::now()); });
  EXPECT_GE(fired.get_future().get() - start, milliseconds(150));

  CancellationSource cancel;
  std::promise<bool> early;
  t->RunAfter(milliseconds(60000), cancel.Token(), [&] { early.set_value(true); });
  cancel.Cancel();
  auto f = early.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(2)), std::future_status::ready);
}

TEST(CurlTransport, DestructionCompletesWhatIsInFlight) {
  std::atomic<int> arrived{0};
  LoopbackServer s([&](httplib::Server& http) {
    http.Get("/hang", [&](const httplib::Request&, httplib::Response& res) {
      ++arrived;
      std::this_thread::sleep_for(milliseconds(2000));
      res.set_content("late", "text/plain");
    });
  });
  std::atomic<int> cancelled{0};
  {
    auto t = MakeCurlTransport();
    for (int i = 0; i < 3; ++i) {
      Request r;
      r.url = s.url("/hang");
      t->Send(r, [&](Outcome o) { cancelled += o.error && o.error->kind == NetworkError::Kind::kCancelled; });
    }
    ASSERT_TRUE(WaitForArrivals(arrived, 3));  // all three in flight
  }
  EXPECT_EQ(cancelled.load(), 3);
}

TEST(Client, BlockingCallInsideACallbackIsRefusedNotDeadlocked) {
  LoopbackServer s([&](httplib::Server& http) {
    http.Get(R"(/fal-ai/x/requests/r1/status)", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"COMPLETED"})", "application/json");
    });
  });
  ClientOptions o;
  o.use_environment = false;
  o.base_url = s.url("");
  Client client(o);
  auto job = client.Job("fal-ai/x", "r1").value();
  std::promise<Error> inner;
  job.StatusAsync(fal::Logs::kOmit, {}, [&](Result<JobStatus> st) {
    EXPECT_TRUE(st.ok());
    auto nested = job.Status();  // would deadlock the loop; must be refused
    inner.set_value(nested.ok() ? Error() : nested.error());
  });
  Error e = inner.get_future().get();
  EXPECT_EQ(e.code(), ErrorCode::kInternal);
  EXPECT_NE(e.message().find("Async"), std::string::npos);
}

}  // namespace
}  // namespace fal::http
