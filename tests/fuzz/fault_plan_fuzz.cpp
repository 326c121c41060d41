// fal-emulator's fault-plan parser (tools/emulator/fault_plan.hpp), which reads --faults and the body of
// POST /_emulator/faults: any text either parses into rules that make sense or is refused with a reason,
// and a parsed plan written back rule by rule parses to the same plan.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fault_plan.hpp"
#include "fuzz_check.hpp"

using namespace fal::emulator;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto plan = ParseFaultPlan(text, &error);
  if (!plan) {
    FUZZ_CHECK(!error.empty(), "a plan refused without a reason");
    return 0;
  }
  std::string rewritten;
  for (const FaultRule& rule : plan->rules) {
    FUZZ_CHECK(!rule.fault.text.empty(), "a rule without its text");
    FUZZ_CHECK(!(rule.count && rule.probability), "a rule both counted and probabilistic");
    if (rule.count) FUZZ_CHECK(*rule.count >= 1, "a rule counted to fire less than once");
    if (rule.probability)
      FUZZ_CHECK(*rule.probability >= 0.0 && *rule.probability <= 1.0, "a probability outside [0, 1]");
    if (rule.route)
      FUZZ_CHECK(FaultAllowedOn(rule.fault.action, *rule.route), "a fault on a route it cannot apply to");
    if (!rewritten.empty()) rewritten += ";";
    rewritten += rule.fault.text;
  }
  std::string again_error;
  auto again = ParseFaultPlan(rewritten, &again_error);
  FUZZ_CHECK(again.has_value(), "a parsed plan, written back, does not parse");
  FUZZ_CHECK(again->rules.size() == plan->rules.size(), "a plan written back has another number of rules");
  for (std::size_t i = 0; i < again->rules.size(); ++i) {
    FUZZ_CHECK(again->rules[i].fault.action == plan->rules[i].fault.action,
               "a rule written back changed its action");
    FUZZ_CHECK(again->rules[i].route == plan->rules[i].route, "a rule written back changed its route");
  }
  return 0;
}
