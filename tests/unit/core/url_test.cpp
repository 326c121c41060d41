#include "internal/url.hpp"

#include <gtest/gtest.h>

namespace fal::internal {
namespace {

TEST(FormEncode, MatchesUrlSearchParams) {
  EXPECT_EQ(FormEncode("https://x.y/hook?a=1&b=two words"),
            "https%3A%2F%2Fx.y%2Fhook%3Fa%3D1%26b%3Dtwo+words");
  EXPECT_EQ(FormEncode("a-b_c.d*e~"), "a-b_c.d*e%7E");
  EXPECT_EQ(FormEncode("é"), "%C3%A9");
  EXPECT_EQ(FormEncode(""), "");
}

TEST(ParseUrl, ReadsOriginParts) {
  auto u = ParseUrl("HTTPS://Queue.Fal.Run/fal-ai/x?logs=1#f");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "queue.fal.run");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->path, "/fal-ai/x");
  EXPECT_EQ(u->query, "logs=1");
  auto v6 = ParseUrl("http://[::1]:8080/a");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
  EXPECT_FALSE(ParseUrl("ftp://x/y"));
  EXPECT_FALSE(ParseUrl("queue.fal.run/x"));
  EXPECT_FALSE(ParseUrl("http://host:99999/"));
  EXPECT_FALSE(ParseUrl("http:///path"));
}

TEST(SameOrigin, ComparesSchemeHostPort) {
  auto a = *ParseUrl("https://queue.fal.run/a");
  EXPECT_TRUE(SameOrigin(a, *ParseUrl("https://queue.fal.run:443/b?x")));
  EXPECT_FALSE(SameOrigin(a, *ParseUrl("http://queue.fal.run/a")));
  EXPECT_FALSE(SameOrigin(a, *ParseUrl("https://queue.fal.run:8443/a")));
  EXPECT_FALSE(SameOrigin(a, *ParseUrl("https://evil.example/a")));
}

TEST(IsLoopbackHost, OnlyLoopback) {
  for (const char* h : {"127.0.0.1", "127.1.2.3", "localhost", "::1"}) EXPECT_TRUE(IsLoopbackHost(h)) << h;
  for (const char* h : {"10.0.0.1", "127.0.0.1.evil.com", "localhost.evil.com", "1.2.3.4", "fal.run"}) {
    EXPECT_FALSE(IsLoopbackHost(h)) << h;
  }
}

TEST(StripQuery, DropsSignatures) {
  EXPECT_EQ(StripQuery("https://up.example/o?X-Signature=secret&e=1"), "https://up.example/o");
  EXPECT_EQ(StripQuery("https://up.example/o#frag"), "https://up.example/o");
}

}  // namespace
}  // namespace fal::internal
