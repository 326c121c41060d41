#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "fal/credentials.hpp"
#include "internal/client_core.hpp"

namespace fal::internal {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

struct CredCase {
  const char* explicit_key;
  std::map<std::string, std::string> env;
  const char* expected;  // the secret, or "" for none
};

class CredentialResolution : public ::testing::TestWithParam<CredCase> {};

TEST_P(CredentialResolution, ExplicitThenFalKeyThenIdAndSecret) {
  const CredCase& c = GetParam();
  ClientOptions o;
  o.credentials = Credentials(c.explicit_key);
  auto [resolved, problem] = ResolveOptions(o, Env(c.env));
  EXPECT_FALSE(problem);
  EXPECT_EQ(resolved.credentials.Secret(), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CredentialResolution,
    ::testing::Values(CredCase{"explicit", {{"FAL_KEY", "env"}}, "explicit"},
                      CredCase{
                          "", {{"FAL_KEY", "env"}, {"FAL_KEY_ID", "id"}, {"FAL_KEY_SECRET", "s"}}, "env"},
                      CredCase{"", {{"FAL_KEY_ID", "id"}, {"FAL_KEY_SECRET", "s"}}, "id:s"},
                      CredCase{"", {{"FAL_KEY_ID", "id"}}, ""}, CredCase{"", {{"FAL_KEY_SECRET", "s"}}, ""},
                      CredCase{"", {}, ""}));

TEST(ResolveOptions, EnvironmentIgnoredWhenAsked) {
  ClientOptions o;
  o.use_environment = false;
  auto [resolved, problem] =
      ResolveOptions(o, Env({{"FAL_KEY", "env"}, {"FAL_BASE_URL", "http://127.0.0.1:1"}}));
  EXPECT_TRUE(resolved.credentials.empty());
  EXPECT_EQ(resolved.queue_url, "https://queue.fal.run");
}

TEST(ResolveOptions, BaseUrlPointsAllHostsAtOnePlace) {
  ClientOptions o;
  auto [from_env, p1] = ResolveOptions(o, Env({{"FAL_BASE_URL", "http://127.0.0.1:8080/"}}));
  EXPECT_FALSE(p1);
  EXPECT_EQ(from_env.queue_url, "http://127.0.0.1:8080");
  EXPECT_EQ(from_env.run_url, "http://127.0.0.1:8080");
  EXPECT_EQ(from_env.rest_url, "http://127.0.0.1:8080");
  o.base_url = "http://localhost:9000";
  auto [explicit_wins, p2] = ResolveOptions(o, Env({{"FAL_BASE_URL", "http://127.0.0.1:8080"}}));
  EXPECT_EQ(explicit_wins.rest_url, "http://localhost:9000");
}

TEST(ResolveOptions, AMalformedFalBaseUrlIsNamed) {
  ClientOptions o;
  auto [resolved, problem] = ResolveOptions(o, Env({{"FAL_BASE_URL", "127.0.0.1:37261"}}));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->message().find("FAL_BASE_URL \"127.0.0.1:37261\""), std::string::npos)
      << problem->message();
  EXPECT_EQ(problem->advice(), Advice::kFixBaseUrl);
}

TEST(ResolveOptions, EachHostOverridable) {
  ClientOptions o;
  o.use_environment = false;
  o.queue_url = "https://q.example/";
  o.rest_url = "https://r.example";
  auto [r, p] = ResolveOptions(o, Env({}));
  EXPECT_FALSE(p);
  EXPECT_EQ(r.queue_url, "https://q.example");
  EXPECT_EQ(r.run_url, "https://fal.run");
  EXPECT_EQ(r.rest_url, "https://r.example");
}

TEST(ResolveOptions, PlainHttpOnlyToLoopback) {
  ClientOptions o;
  o.use_environment = false;
  o.base_url = "http://emulator.lan:8080";
  auto [r, problem] = ResolveOptions(o, Env({}));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(problem->message().find("plain http"), std::string::npos);
  o.base_url = "not a url";
  EXPECT_TRUE(ResolveOptions(o, Env({})).second);
}

TEST(Credentials, NeverPrintTheSecret) {
  Credentials c("super-secret-key");
  EXPECT_EQ(c.ToString(), "Credentials(set)");
  EXPECT_EQ(Credentials().ToString(), "Credentials(none)");
  EXPECT_EQ(c.AuthorizationHeaderValue(), "Key super-secret-key");
}

TEST(UserAgent, NamesVersionOsAndCompiler) {
  std::string ua = DefaultUserAgent();
  EXPECT_EQ(ua.rfind("falcpp/0.1.0 (", 0), 0u) << ua;
  EXPECT_NE(ua.find("; "), std::string::npos) << ua;
  EXPECT_EQ(ua.back(), ')');
}

}  // namespace
}  // namespace fal::internal
