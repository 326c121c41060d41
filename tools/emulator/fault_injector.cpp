#include "fault_injector.hpp"

namespace fal::emulator {

void FaultInjector::SetPlan(FaultPlan plan, std::string text) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!initial_) initial_.emplace(plan, text);
  rules_.clear();
  for (auto& rule : plan.rules) {
    RuleState state;
    state.remaining = rule.count.value_or(0);
    state.rule = std::move(rule);
    rules_.push_back(std::move(state));
  }
  text_ = std::move(text);
  empty_.store(rules_.empty());
}

void FaultInjector::Reset() {
  std::optional<std::pair<FaultPlan, std::string>> initial;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    initial = initial_;
    injected_.store(0);
    for (auto& count : by_route_) count.store(0);
  }
  if (initial) {
    SetPlan(initial->first, initial->second);
  } else {
    SetPlan(FaultPlan{}, "");
  }
}

std::optional<Fault> FaultInjector::Decide(Route route) {
  if (empty_.load(std::memory_order_relaxed)) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& state : rules_) {
    const FaultRule& rule = state.rule;
    if (rule.route ? *rule.route != route : !FaultAllowedOn(rule.fault.action, route)) continue;
    bool fires = false;
    if (rule.probability) {
      fires = std::uniform_real_distribution<double>(0.0, 1.0)(engine_) < *rule.probability;
    } else if (state.remaining > 0) {
      --state.remaining;
      fires = true;
    }
    if (!fires) continue;
    ++state.fired;
    injected_.fetch_add(1);
    by_route_[static_cast<std::size_t>(route)].fetch_add(1);
    return rule.fault;
  }
  return std::nullopt;
}

nlohmann::json FaultInjector::InjectedByRoute() const {
  nlohmann::json out = nlohmann::json::object();
  for (Route route : FaultableRoutes()) {
    out[std::string(RouteName(route))] = by_route_[static_cast<std::size_t>(route)].load();
  }
  return out;
}

nlohmann::json FaultInjector::Describe() const {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& state : rules_) {
    nlohmann::json rule = {{"rule", state.rule.fault.text}, {"fired", state.fired}};
    if (state.rule.probability) {
      rule["probability"] = *state.rule.probability;
    } else {
      rule["remaining"] = state.remaining;
    }
    rules.push_back(std::move(rule));
  }
  return {{"plan", text_}, {"rules", std::move(rules)}, {"injected", injected_.load()}};
}

}  // namespace fal::emulator
