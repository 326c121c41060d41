#include <gtest/gtest.h>

#include "internal/retry.hpp"

namespace fal::internal {
namespace {

using Kind = http::NetworkError::Kind;

http::Outcome Status(int code, http::Headers headers = {}) {
  return http::Outcome::Of(http::Response{code, std::move(headers), ""});
}
http::Outcome Net(Kind kind, bool sent) { return http::Outcome::Of(http::NetworkError{kind, "x", sent}); }

struct StatusCase {
  int status;
  bool fal_request_id;
  Verdict read;  // status, result, cancel, storage
  Verdict submit;
};

class ClassifyStatus : public ::testing::TestWithParam<StatusCase> {};

TEST_P(ClassifyStatus, PerOperation) {
  const StatusCase& c = GetParam();
  http::Headers h;
  if (c.fal_request_id) h.emplace_back("X-Fal-Request-Id", "r");
  for (Operation op : {Operation::kStatus, Operation::kResult, Operation::kCancel, Operation::kStorage}) {
    EXPECT_EQ(Classify(op, Status(c.status, h)), c.read) << c.status << " " << ToString(op);
  }
  EXPECT_EQ(Classify(Operation::kSubmit, Status(c.status, h)), c.submit) << c.status;
}

INSTANTIATE_TEST_SUITE_P(Table, ClassifyStatus,
                         ::testing::Values(StatusCase{200, true, Verdict::kFinal, Verdict::kFinal},
                                           StatusCase{202, true, Verdict::kFinal, Verdict::kFinal},
                                           StatusCase{400, true, Verdict::kFinal, Verdict::kFinal},
                                           StatusCase{401, false, Verdict::kFinal, Verdict::kFinal},
                                           StatusCase{404, false, Verdict::kFinal, Verdict::kFinal},
                                           StatusCase{408, false, Verdict::kRetry, Verdict::kFinal},
                                           StatusCase{422, true, Verdict::kFinal, Verdict::kFinal},
                                           StatusCase{429, true, Verdict::kRetry, Verdict::kRetry},
                                           StatusCase{429, false, Verdict::kRetry, Verdict::kRetry},
                                           StatusCase{500, true, Verdict::kRetry, Verdict::kFinal},
                                           StatusCase{501, false, Verdict::kFinal, Verdict::kFinal},
                                           StatusCase{502, false, Verdict::kRetry, Verdict::kRetry},
                                           StatusCase{502, true, Verdict::kRetry, Verdict::kFinal},
                                           StatusCase{503, false, Verdict::kRetry, Verdict::kRetry},
                                           StatusCase{503, true, Verdict::kRetry, Verdict::kFinal},
                                           StatusCase{504, false, Verdict::kRetry, Verdict::kRetry},
                                           StatusCase{504, true, Verdict::kRetry, Verdict::kFinal}));

TEST(Classify, UserStartTimeoutIsNeverRetried) {
  for (Operation op : {Operation::kSubmit, Operation::kStatus, Operation::kResult}) {
    EXPECT_EQ(Classify(op, Status(504, {{"X-Fal-Request-Timeout-Type", "user"}})), Verdict::kFinal);
  }
  EXPECT_EQ(Classify(Operation::kSubmit, Status(504, {{"X-Fal-Request-Timeout-Type", "other"}})),
            Verdict::kRetry);
}

struct NetCase {
  Kind kind;
  bool sent;
  Verdict read;
  Verdict submit;
};

class ClassifyNetwork : public ::testing::TestWithParam<NetCase> {};

TEST_P(ClassifyNetwork, PerOperation) {
  const NetCase& c = GetParam();
  EXPECT_EQ(Classify(Operation::kStatus, Net(c.kind, c.sent)), c.read);
  EXPECT_EQ(Classify(Operation::kCancel, Net(c.kind, c.sent)), c.read);
  EXPECT_EQ(Classify(Operation::kSubmit, Net(c.kind, c.sent)), c.submit);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ClassifyNetwork,
    ::testing::Values(NetCase{Kind::kConnectFailed, false, Verdict::kRetry, Verdict::kRetry},
                      // Whatever it is called: once sent, a submit may have made a job.
                      NetCase{Kind::kConnectFailed, true, Verdict::kRetry, Verdict::kAmbiguous},
                      NetCase{Kind::kTimeout, false, Verdict::kRetry, Verdict::kRetry},
                      NetCase{Kind::kConnectionLost, false, Verdict::kRetry, Verdict::kRetry},
                      NetCase{Kind::kConnectionLost, true, Verdict::kRetry, Verdict::kAmbiguous},
                      NetCase{Kind::kTimeout, true, Verdict::kRetry, Verdict::kAmbiguous},
                      NetCase{Kind::kOther, true, Verdict::kRetry, Verdict::kAmbiguous},
                      NetCase{Kind::kCancelled, true, Verdict::kFinal, Verdict::kFinal},
                      NetCase{Kind::kTls, false, Verdict::kFinal, Verdict::kFinal},
                      NetCase{Kind::kRejected, false, Verdict::kFinal, Verdict::kFinal},
                      NetCase{Kind::kBodyRead, true, Verdict::kFinal, Verdict::kFinal}));

TEST(ParseRetryAfter, Seconds) {
  auto now = std::chrono::system_clock::now();
  EXPECT_EQ(ParseRetryAfter("0", now), std::chrono::milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("7", now), std::chrono::milliseconds(7000));
  EXPECT_EQ(ParseRetryAfter(" 120 ", now), std::chrono::milliseconds(120000));
  EXPECT_FALSE(ParseRetryAfter("-1", now));
  EXPECT_FALSE(ParseRetryAfter("1.5", now));
  EXPECT_FALSE(ParseRetryAfter("soon", now));
  EXPECT_FALSE(ParseRetryAfter("", now));
}

TEST(ParseRetryAfter, HttpDate) {
  // 2026-11-21 12:00:00 UTC
  auto now = std::chrono::system_clock::from_time_t(1795262400);
  EXPECT_EQ(ParseRetryAfter("Sat, 21 Nov 2026 12:00:30 GMT", now), std::chrono::milliseconds(30000));
  EXPECT_EQ(ParseRetryAfter("Sat, 21 Nov 2026 11:00:00 GMT", now), std::chrono::milliseconds(0));
  EXPECT_FALSE(ParseRetryAfter("Sat, 21 Nov 2026 12:00:30", now));
  EXPECT_FALSE(ParseRetryAfter("21 Nov 2026", now));
}

TEST(ParseRetryAfter, FarDatesAreBoundedLikeSeconds) {
  // A date centuries ahead used to overflow the clock's nanoseconds; tests/fuzz/retry_after_fuzz checks it.
  auto now = std::chrono::system_clock::from_time_t(1795262400);
  const auto year = std::chrono::milliseconds(365LL * 24 * 3600 * 1000);
  EXPECT_EQ(ParseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now), year);
  EXPECT_EQ(ParseRetryAfter("99999999999", now), year);
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT", now), std::chrono::milliseconds(0));
}

TEST(Backoff, FullJitterWithinExponentialCeiling) {
  RetryPolicy p;
  p.base_delay = std::chrono::milliseconds(100);
  p.max_delay = std::chrono::milliseconds(1000);
  p.multiplier = 2;
  p.jitter_seed = 7;
  Backoff b(p);
  const long long ceilings[] = {100, 200, 400, 800, 1000, 1000};
  for (long long ceiling : ceilings) {
    auto d = b.Next().count();
    EXPECT_GE(d, 0);
    EXPECT_LE(d, ceiling);
  }
}

TEST(Backoff, SameSeedSameDelays) {
  RetryPolicy p;
  p.jitter_seed = 99;
  Backoff a(p), b(p);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.Next(), b.Next());
}

TEST(Backoff, JitterSpreadsDelays) {
  RetryPolicy p;
  p.base_delay = std::chrono::milliseconds(1000);
  p.max_delay = std::chrono::milliseconds(1000);
  long long lo = 1000, hi = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    p.jitter_seed = seed;
    long long d = Backoff(p).Next().count();
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_LT(lo, 300);  // full jitter reaches far below the ceiling...
  EXPECT_GT(hi, 700);  // ...and close to it
}

}  // namespace
}  // namespace fal::internal
