// One description per endpoint (fal/ltx/describe.hpp): docs/endpoints.md shows each endpoint's field table
// exactly as the description renders it, and the description agrees with the typed struct it binds.
//
// The page's tables are generated: FALCPP_WRITE_DOCS=1 ./falcpp_ltx_test --gtest_filter='LtxDescription.*'
// rewrites them in place (then review the diff); without it the test fails on any difference.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "fal/ltx/describe.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

const std::string kDocs = std::string(FALCPP_SOURCE_DIR) + "/docs/endpoints.md";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* const kOpen = "<!-- fields: ";
const char* const kClose = "<!-- /fields -->";

// The endpoint ids of each "<!-- fields: ID [ID...] -->" marker (endpoints that share a schema share a
// table), with the offset where its table starts.
std::vector<std::pair<std::vector<std::string>, std::size_t>> Markers(const std::string& page) {
  std::vector<std::pair<std::vector<std::string>, std::size_t>> out;
  for (std::size_t at = page.find(kOpen); at != std::string::npos; at = page.find(kOpen, at + 1)) {
    const std::size_t start = at + std::string(kOpen).size();
    const std::size_t end = page.find(" -->\n", start);
    std::istringstream ids(page.substr(start, end - start));
    std::vector<std::string> list;
    for (std::string id; ids >> id;) list.push_back(id);
    out.emplace_back(list, end + std::string(" -->\n").size());
  }
  return out;
}

TEST(LtxDescription, DocsTablesAreTheDescriptions) {
  std::string page = Read(kDocs);
  ASSERT_FALSE(page.empty()) << kDocs;
  const bool write = std::getenv("FALCPP_WRITE_DOCS") != nullptr;
  for (const EndpointDescription* e : TypedEndpoints()) {
    std::size_t body = std::string::npos;
    for (const auto& [ids, offset] : Markers(page)) {
      if (std::find(ids.begin(), ids.end(), e->id) != ids.end()) body = offset;
    }
    ASSERT_NE(body, std::string::npos) << "docs/endpoints.md has no table for " << e->id << "; add\n"
                                       << kOpen << e->id << " -->\n"
                                       << kClose << "\nunder its section and rerun with FALCPP_WRITE_DOCS=1";
    const std::size_t close = page.find(kClose, body);
    ASSERT_NE(close, std::string::npos) << e->id;
    const std::string expected = FieldsMarkdown(*e);
    if (write) {
      page.replace(body, close - body, expected);
      continue;
    }
    EXPECT_EQ(page.substr(body, close - body), expected)
        << "docs/endpoints.md's table for " << e->id
        << " differs from its description; regenerate with FALCPP_WRITE_DOCS=1";
  }
  if (write) std::ofstream(kDocs, std::ios::binary) << page;
}

TEST(LtxDescription, EveryTableInTheDocsIsATypedEndpoint) {
  for (const auto& [ids, offset] : Markers(Read(kDocs))) {
    EXPECT_FALSE(ids.empty());
    for (const std::string& id : ids) {
      EXPECT_NE(FindTypedEndpoint(id), nullptr) << id << " has a table in docs/endpoints.md but is not typed";
    }
  }
}

TEST(LtxDescription, IdsAndCommandsAreUnique) {
  std::set<std::string> names;
  for (const EndpointDescription* e : TypedEndpoints()) {
    EXPECT_TRUE(names.insert(e->id).second) << e->id;
    if (!e->command.empty()) {
      EXPECT_TRUE(names.insert(e->command).second) << e->command;
    }
    EXPECT_EQ(FindTypedEndpoint(e->id), e);
    EXPECT_FALSE(e->summary.empty()) << e->id;
    std::set<std::string> fields, flags;
    for (const FieldDescription& f : e->fields) {
      EXPECT_TRUE(fields.insert(f.name).second) << e->id << " " << f.name;
      EXPECT_TRUE(flags.insert(f.flag).second) << e->id << " --" << f.flag;
      EXPECT_FALSE(f.help.empty()) << e->id << " " << f.name;
      if (f.min || f.max) {
        EXPECT_TRUE(f.min && f.max && *f.min <= *f.max) << e->id << " " << f.name;
      }
      if (f.type == FieldType::kEnum) {
        EXPECT_FALSE(f.choices.empty()) << e->id << " " << f.name;
      }
    }
  }
  EXPECT_EQ(FindTypedEndpoint("no/such-endpoint"), nullptr);
}

// The bindings are the description: an empty input sends exactly the required rows, and a valid one sends
// nothing the description does not list.
template <class Input>
void ExpectRowsMapToKeys(const Input& valid) {
  using Traits = EndpointTraits<Input>;
  ASSERT_EQ(Traits::Fields().size(), Traits::Description().fields.size());
  const test::Json empty = test::ParseJson(Traits::ToJson(Input{}));
  for (const FieldDescription& f : Traits::Description().fields) {
    EXPECT_EQ(empty.contains(f.name), f.required) << Traits::kEndpointId << " " << f.name;
  }
  const test::Json body = test::ParseJson(Traits::ToJson(valid));
  for (auto it = body.begin(); it != body.end(); ++it) {
    EXPECT_NE(Traits::Description().Find(it.key()), nullptr) << Traits::kEndpointId << " sends " << it.key();
  }
}

TEST(LtxDescription, RequiredRowsAreSentAndOptionalOnesLeftOut) {
  ExpectRowsMapToKeys(test::ValidRenderToReal());
  ExpectRowsMapToKeys(test::ValidReferenceVideo());
  ExpectRowsMapToKeys(test::ValidImageToVideo());
  ExpectRowsMapToKeys(test::ValidTextToVideo());
}

TEST(LtxDescription, DefaultsAreTheDocumentedConstants) {
  const EndpointDescription& t2v = EndpointTraits<TextToVideoLoraInput>::Description();
  // fal's newest published values (fal-js, 2026-08), not the seed page's.
  EXPECT_EQ(t2v.Find("num_inference_steps")->documented_default, "40");
  EXPECT_EQ(t2v.Find("scheduler")->documented_default, "ltx2");
  EXPECT_EQ(t2v.Find("acceleration")->documented_default, "regular");
  EXPECT_EQ(t2v.Find("gradient_estimation_gamma")->documented_default, "2");
  EXPECT_EQ(t2v.Find("video_rescaling_scale")->documented_default, "0.7");
  const EndpointDescription& r2r = EndpointTraits<RenderToRealInput>::Description();
  EXPECT_EQ(r2r.Find("enable_prompt_expansion")->documented_default, "false");
  EXPECT_EQ(r2r.Find("resolution")->choices, (std::vector<std::string>{"480p", "720p"}));
  EXPECT_EQ(r2r.Find("num_frames")->min, 9);
  EXPECT_EQ(r2r.Find("num_frames")->max, 481);
  EXPECT_EQ(r2r.Find("video_url")->flag, "video");
  EXPECT_TRUE(r2r.Find("video_url")->required);
  EXPECT_FALSE(r2r.budget.empty());
}

}  // namespace
}  // namespace fal::ltx
