#include "fal/endpoint_id.hpp"

#include <gtest/gtest.h>

namespace fal {
namespace {

struct IdCase {
  const char* id;
  const char* ns;
  const char* owner;
  const char* alias;
  const char* path;
  const char* full;
  const char* app;
};

class EndpointIdParse : public ::testing::TestWithParam<IdCase> {};

TEST_P(EndpointIdParse, SplitsAsFalClientsDo) {
  const IdCase& c = GetParam();
  Result<EndpointId> id = EndpointId::Parse(c.id);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(id->ns(), c.ns);
  EXPECT_EQ(id->owner(), c.owner);
  EXPECT_EQ(id->alias(), c.alias);
  EXPECT_EQ(id->path(), c.path);
  EXPECT_EQ(id->Full(), c.full);
  EXPECT_EQ(id->App(), c.app);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EndpointIdParse,
    ::testing::Values(
        IdCase{"fal-ai/ltx-2.3-quality/render-to-real", "", "fal-ai", "ltx-2.3-quality", "render-to-real",
               "fal-ai/ltx-2.3-quality/render-to-real", "fal-ai/ltx-2.3-quality"},
        IdCase{"fal-ai/ltx-2.3-quality/reference-video-to-video/lora", "", "fal-ai", "ltx-2.3-quality",
               "reference-video-to-video/lora", "fal-ai/ltx-2.3-quality/reference-video-to-video/lora",
               "fal-ai/ltx-2.3-quality"},
        IdCase{"fal-ai/flux", "", "fal-ai", "flux", "", "fal-ai/flux", "fal-ai/flux"},
        IdCase{"fal-ai/flux/", "", "fal-ai", "flux", "", "fal-ai/flux", "fal-ai/flux"},
        IdCase{"123-my-app", "", "123", "my-app", "", "123/my-app", "123/my-app"},
        IdCase{"123-my-app-2", "", "123", "my-app-2", "", "123/my-app-2", "123/my-app-2"},
        IdCase{"workflows/acme/my-flow/sub", "workflows", "acme", "my-flow", "sub",
               "workflows/acme/my-flow/sub", "workflows/acme/my-flow"},
        IdCase{"comfy/acme/graph", "comfy", "acme", "graph", "", "comfy/acme/graph", "comfy/acme/graph"}));

class EndpointIdReject : public ::testing::TestWithParam<const char*> {};

TEST_P(EndpointIdReject, IsInvalidArgumentNotACrash) {
  Result<EndpointId> id = EndpointId::Parse(GetParam());
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(id.error().message().find("owner/alias"), std::string::npos) << id.error().message();
}

INSTANTIATE_TEST_SUITE_P(Table, EndpointIdReject,
                         ::testing::Values("", "flux", "abc-def", "-app", "123-", "/fal-ai/flux",
                                           "fal-ai//flux", "fal-ai/flux?x=1", "fal-ai/fl ux",
                                           "fal-ai/../secret", "workflows/acme", "fal-ai/flux#frag",
                                           "fal-ai/%2e%2e"));

}  // namespace
}  // namespace fal
