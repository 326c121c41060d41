#include "fal/cancellation.hpp"

#include <gtest/gtest.h>

#include "internal/client_core.hpp"

namespace fal {
namespace {

TEST(Cancellation, CallbacksRunOnceAndLateSubscribersRunAtOnce) {
  CancellationSource source;
  CancellationToken token = source.Token();
  int runs = 0;
  token.Subscribe([&] { ++runs; });
  std::uint64_t removed = token.Subscribe([&] { runs += 100; });
  token.Unsubscribe(removed);
  EXPECT_FALSE(token.IsCancelled());
  source.Cancel();
  source.Cancel();
  EXPECT_TRUE(token.IsCancelled());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(token.Subscribe([&] { runs += 10; }), 0u);
  EXPECT_EQ(runs, 11);
}

TEST(Cancellation, DefaultTokenNeverFires) {
  CancellationToken token;
  EXPECT_FALSE(token.IsCancelled());
  EXPECT_EQ(token.Subscribe([] {}), 0u);
}

TEST(LinkedCancellation, EitherParentCancels) {
  CancellationSource a, b;
  internal::LinkedCancellation linked(a.Token(), b.Token());
  EXPECT_FALSE(linked.token().IsCancelled());
  b.Cancel();
  EXPECT_TRUE(linked.token().IsCancelled());
}

TEST(LinkedCancellation, ParentFiringAfterDestructionIsHarmless) {
  CancellationSource a;
  CancellationToken child;
  {
    internal::LinkedCancellation linked(a.Token(), CancellationToken());
    child = linked.token();
  }
  // The link unsubscribed when it went: the parent fires into nothing (no use-after-free, which the ASan
  // run checks), and the token the link handed out is not cancelled through it.
  a.Cancel();
  EXPECT_TRUE(a.Token().IsCancelled());
  EXPECT_FALSE(child.IsCancelled());
}

}  // namespace
}  // namespace fal
