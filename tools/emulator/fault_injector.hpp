// Decides, request by request, whether a fault from the current plan applies. The plan comes from
// --faults and can be replaced at run time (POST /_emulator/faults); GET /_emulator/faults reads back
// how often each rule fired and what is left, so a test can assert every planned fault was consumed.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>

#include "fault_plan.hpp"
#include "router.hpp"

namespace fal::emulator {

class FaultInjector {
 public:
  explicit FaultInjector(std::uint64_t seed) : engine_(seed) {}

  // Replaces the plan; `text` is kept for readback. The first plan set is also the one Reset() restores.
  void SetPlan(FaultPlan plan, std::string text);
  // Back to the command-line plan with its counts restored (POST /_emulator/reset).
  void Reset();

  // The fault to inject on this request, if any. Cheap when the plan is empty.
  std::optional<Fault> Decide(Route route);

  std::uint64_t injected() const { return injected_.load(); }
  nlohmann::json InjectedByRoute() const;
  nlohmann::json Describe() const;

 private:
  struct RuleState {
    FaultRule rule;
    int remaining = 0;  // counted rules
    std::uint64_t fired = 0;
  };

  mutable std::mutex mutex_;
  std::mt19937_64 engine_;
  std::vector<RuleState> rules_;
  std::string text_;
  std::optional<std::pair<FaultPlan, std::string>> initial_;
  std::atomic<bool> empty_{true};
  std::atomic<std::uint64_t> injected_{0};
  std::array<std::atomic<std::uint64_t>, kRouteCount> by_route_{};
};

}  // namespace fal::emulator
