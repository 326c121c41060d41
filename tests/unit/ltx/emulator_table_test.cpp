// fal-emulator keeps its own table of the LTX rules on purpose: it is the independent oracle the SDK is
// tested against. This test puts the two side by side, endpoint by endpoint and field by field (name, type,
// required, bounds, enum values), and names every difference. A known difference is allowed only when it is
// listed below with the reason; a new difference, or a listed one that has gone, fails the test, so that a
// change to either table is a decision.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "fal/ltx/describe.hpp"
#include "ltx_field_rules.hpp"

namespace fal::ltx {
namespace {

namespace er = fal::emulator::ltx_rules;

// Known differences, each with why it is not a bug on either side.
const std::map<std::string, std::string>& KnownDifferences() {
  static const std::map<std::string, std::string> known = {
      // The SDK treats an empty or blank required prompt as a warning (fal's schema has no minimum
      // length); the emulator's "required" only means "present", so the two agree on the wire. Listed as
      // nothing: no difference.
  };
  return known;
}

std::string EmulatorType(er::Kind kind) {
  switch (kind) {
    case er::Kind::kString:
      return "string";
    case er::Kind::kUrl:
      return "file";
    case er::Kind::kInteger:
      return "integer";
    case er::Kind::kNumber:
      return "number";
    case er::Kind::kBoolean:
      return "boolean";
    case er::Kind::kEnum:
      return "enum";
    case er::Kind::kSize:
      return "size";
    case er::Kind::kLoras:
      return "loras";
  }
  return "?";
}

std::string Number(const std::optional<double>& v) { return v ? std::to_string(*v) : "none"; }
std::string Bound(const std::optional<er::Bound>& b) {
  return b ? std::to_string(b->value) + (b->exclusive ? " (exclusive)" : "") : "none";
}
std::string Choices(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : "|") + v;
  return out;
}

// True when the SDK's bound and the emulator's are the same inclusive value, or both absent. Compared
// field by field: an optional<double> built from the emulator's bound made GCC 12 warn (a false
// maybe-uninitialized) in the sanitizer builds, where warnings are errors.
bool SameBound(const std::optional<double>& sdk, const std::optional<er::Bound>& emulator) {
  if (!sdk.has_value() || !emulator.has_value()) return sdk.has_value() == emulator.has_value();
  return *sdk == emulator->value && !emulator->exclusive;
}

// Every difference between one endpoint's description and the emulator's rules, one line each.
void Compare(const EndpointDescription* e, const er::EndpointRules& rules, std::vector<std::string>& out) {
  {
    std::set<std::string> seen;
    for (const FieldDescription& f : e->fields) {
      const std::string at = e->id + ": " + f.name + ": ";
      const er::FieldRule* rule = nullptr;
      for (const er::FieldRule& r : rules.fields) {
        if (r.name == f.name) rule = &r;
      }
      if (rule == nullptr) {
        out.push_back(at + "in the SDK, not in the emulator");
        continue;
      }
      seen.insert(f.name);
      if (EmulatorType(rule->kind) != ToString(f.type)) {
        out.push_back(at + "type " + std::string(ToString(f.type)) + " (SDK) vs " + EmulatorType(rule->kind));
      }
      if (rule->required != f.required) {
        out.push_back(at + std::string("required ") + (f.required ? "yes" : "no") + " (SDK) vs " +
                      (rule->required ? "yes" : "no"));
      }
      if (!SameBound(f.min, rule->min) || !SameBound(f.max, rule->max)) {
        out.push_back(at + "bounds " + Number(f.min) + ".." + Number(f.max) + " (SDK) vs " +
                      Bound(rule->min) + ".." + Bound(rule->max));
      }
      std::vector<std::string> choices(rule->choices.begin(), rule->choices.end());
      if (choices != f.choices) {
        out.push_back(at + "values " + Choices(f.choices) + " (SDK) vs " + Choices(choices));
      }
    }
    for (const er::FieldRule& r : rules.fields) {
      if (!seen.count(std::string(r.name)))
        out.push_back(e->id + ": " + std::string(r.name) + ": in the emulator, not in the SDK");
    }
  }
}

// Every difference between the SDK's descriptions and the emulator's table.
std::vector<std::string> Differences() {
  std::vector<std::string> out;
  for (const EndpointDescription* e : TypedEndpoints()) {
    const fal::emulator::Endpoint* endpoint = fal::emulator::FindEndpoint(e->id);
    if (endpoint == nullptr) {
      out.push_back(e->id + ": not served by fal-emulator");
      continue;
    }
    Compare(e, fal::emulator::RulesFor(endpoint->kind), out);
  }
  return out;
}

TEST(LtxEmulatorTable, EveryDifferenceIsAKnownDecision) {
  const std::vector<std::string> differences = Differences();
  std::set<std::string> found(differences.begin(), differences.end());
  for (const std::string& d : differences) {
    EXPECT_TRUE(KnownDifferences().count(d)) << "a new difference between the SDK and fal-emulator: " << d;
  }
  for (const auto& [d, why] : KnownDifferences()) {
    EXPECT_TRUE(found.count(d)) << "a listed difference is gone (remove it from the list): " << d;
  }
  for (const std::string& d : differences) std::cout << "difference: " << d << "\n";
}

// The comparison sees each kind of difference (so that "no difference" means something).
TEST(LtxEmulatorTable, NamesEachKindOfDifference) {
  const EndpointDescription* real = FindTypedEndpoint("fal-ai/ltx-2.3-quality/day-to-night");
  ASSERT_NE(real, nullptr);
  const er::EndpointRules& rules = fal::emulator::RulesFor(fal::emulator::FindEndpoint(real->id)->kind);
  EndpointDescription changed = *real;
  for (FieldDescription& f : changed.fields) {
    if (f.name == "num_frames") f.max = 500;
    if (f.name == "video_url") f.required = false;
    if (f.name == "resolution") f.choices.push_back("1080p");
    if (f.name == "seed") f.type = FieldType::kNumber;
  }
  changed.fields.push_back(
      FieldDescription{"new_field", FieldType::kBoolean, false, {}, {}, {}, "", "x", "x"});
  changed.fields.erase(changed.fields.begin() + 1);  // prompt
  std::vector<std::string> out;
  Compare(&changed, rules, out);
  const std::string id = real->id + ": ";
  const std::set<std::string> got(out.begin(), out.end());
  for (const std::string& want :
       {id + "num_frames: bounds 9.000000..500.000000 (SDK) vs 9.000000..481.000000",
        id + "video_url: required no (SDK) vs yes",
        id + "resolution: values 480p|720p|1080p (SDK) vs 480p|720p",
        id + "seed: type number (SDK) vs integer", id + "new_field: in the SDK, not in the emulator",
        id + "prompt: in the emulator, not in the SDK"}) {
    EXPECT_TRUE(got.count(want)) << want;
  }
  EXPECT_EQ(out.size(), 6u);
  std::vector<std::string> none;
  Compare(real, rules, none);
  EXPECT_TRUE(none.empty());
}

TEST(LtxEmulatorTable, EveryTypedEndpointIsServed) {
  for (const EndpointDescription* e : TypedEndpoints()) {
    EXPECT_NE(fal::emulator::FindEndpoint(e->id), nullptr) << e->id;
  }
}

}  // namespace
}  // namespace fal::ltx
