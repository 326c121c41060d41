#include "fault_plan.hpp"

#include <cctype>
#include <cstdlib>
#include <utility>

namespace fal::emulator {
namespace {

struct ActionName {
  std::string_view name;
  FaultAction action;
};

// Longest names first is not needed: matching picks the longest name that prefixes the text.
const ActionName kActions[] = {
    {"reset-after-enqueue", FaultAction::kResetAfterEnqueue},
    {"reset-mid-body", FaultAction::kResetMidBody},
    {"close-mid-body", FaultAction::kCloseMidBody},
    {"stall-mid-body", FaultAction::kStallMidBody},
    {"reset", FaultAction::kReset},
    {"garbage", FaultAction::kGarbage},
    {"stall", FaultAction::kStall},
    {"slow", FaultAction::kSlow},
    {"sse-drop", FaultAction::kSseDrop},
    {"sse-duplicate", FaultAction::kSseDuplicate},
    {"sse-silence", FaultAction::kSseSilence},
    {"fail", FaultAction::kFail},
    {"duplicate", FaultAction::kWebhookDuplicate},
    {"bad-signature", FaultAction::kWebhookBadSignature},
    {"stale-timestamp", FaultAction::kWebhookStaleTimestamp},
    {"expire-token", FaultAction::kExpireToken},
};

std::string StripSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

std::optional<Route> RouteFromName(std::string_view name) {
  for (Route route : FaultableRoutes()) {
    if (RouteName(route) == name) return route;
  }
  return std::nullopt;
}

bool ReadDigits(std::string_view text, std::size_t& pos, std::int64_t& out) {
  const std::size_t start = pos;
  std::int64_t value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (value > 100000000000LL) return false;
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  if (pos == start) return false;
  out = value;
  return true;
}

bool NeedsAmount(FaultAction action) {
  return action == FaultAction::kStall || action == FaultAction::kSlow ||
         action == FaultAction::kStallMidBody;
}

bool TakesAmount(FaultAction action) {
  switch (action) {
    case FaultAction::kStall:
    case FaultAction::kSlow:
    case FaultAction::kStallMidBody:
    case FaultAction::kResetMidBody:
    case FaultAction::kCloseMidBody:
    case FaultAction::kSseDrop:
    case FaultAction::kSseSilence:
      return true;
    default:
      return false;
  }
}

// Parses one rule (spaces already removed). Returns an error message, empty on success.
std::string ParseRule(const std::string& text, FaultRule& rule) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return "expected route:action";
  const std::string route_name = text.substr(0, colon);
  if (route_name != "*") {
    rule.route = RouteFromName(route_name);
    if (!rule.route) {
      return "unknown route '" + route_name +
             "'; expected submit, status, stream, result, cancel, initiate, upload, part, complete, file, "
             "token, cdn-upload, cdn-multipart, cdn-part, cdn-complete, webhook or *";
    }
  }

  std::string_view rest = std::string_view(text).substr(colon + 1);
  std::size_t pos = 0;
  Fault& fault = rule.fault;
  fault.text = text;

  if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) {
    std::int64_t status = 0;
    ReadDigits(rest, pos, status);
    if (status < 100 || status > 599) return "HTTP status must be 100..599";
    fault.action = FaultAction::kStatus;
    fault.status = static_cast<int>(status);
  } else {
    std::size_t best = 0;
    for (const auto& candidate : kActions) {
      if (rest.substr(0, candidate.name.size()) == candidate.name && candidate.name.size() > best) {
        best = candidate.name.size();
        fault.action = candidate.action;
      }
    }
    if (best == 0) {
      return "unknown action '" + std::string(rest) +
             "'; expected an HTTP status, reset, reset-after-enqueue, reset-mid-body, close-mid-body, "
             "stall-mid-body, garbage, stall, slow, sse-drop, sse-duplicate, sse-silence, fail, duplicate, "
             "bad-signature, stale-timestamp or expire-token";
    }
    pos = best;
  }

  if (pos < rest.size() && rest[pos] == '=') {
    ++pos;
    if (!TakesAmount(fault.action)) return "this action takes no =value";
    if (!ReadDigits(rest, pos, fault.amount)) return "expected a number after '='";
  } else if (NeedsAmount(fault.action)) {
    return "this action needs =N (milliseconds for stalls, bytes per second for slow)";
  }

  if (pos < rest.size() && rest[pos] == '(') {
    const auto close = rest.find(')', pos);
    if (close == std::string_view::npos) return "missing ')'";
    std::string_view params = rest.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    while (!params.empty()) {
      const auto comma = params.find(',');
      const std::string_view param = params.substr(0, comma);
      params = comma == std::string_view::npos ? std::string_view() : params.substr(comma + 1);
      const auto equals = param.find('=');
      const std::string_view key = param.substr(0, equals);
      const std::string value = equals == std::string_view::npos ? "" : std::string(param.substr(equals + 1));
      if ((key == "retry-after" || key == "ra") && fault.action == FaultAction::kStatus && !value.empty()) {
        fault.retry_after = value;
      } else if (key == "ingress" && fault.action == FaultAction::kStatus && value.empty()) {
        fault.ingress = true;
      } else if ((key == "error_type" || key == "error-type") && !value.empty() &&
                 (fault.action == FaultAction::kStatus || fault.action == FaultAction::kFail)) {
        fault.error_type = value;
      } else if (key == "status" && fault.action == FaultAction::kFail) {
        std::size_t p = 0;
        std::int64_t status = 0;
        if (!ReadDigits(value, p, status) || p != value.size() || status < 400 || status > 599) {
          return "status must be 400..599";
        }
        fault.status = static_cast<int>(status);
      } else if (key == "after" && fault.action == FaultAction::kStallMidBody) {
        std::size_t p = 0;
        if (!ReadDigits(value, p, fault.after_bytes) || p != value.size())
          return "after must be a byte count";
      } else {
        return "unknown parameter '" + std::string(param) + "' for this action";
      }
    }
  }

  if (pos < rest.size() && rest[pos] == 'x') {
    ++pos;
    std::int64_t count = 0;
    if (!ReadDigits(rest, pos, count) || count < 1 || count > 1000000000)
      return "expected a count >= 1 after 'x'";
    rule.count = static_cast<int>(count);
  } else if (pos < rest.size() && rest[pos] == '@') {
    ++pos;
    const std::string number(rest.substr(pos));
    char* end = nullptr;
    const double p = std::strtod(number.c_str(), &end);
    if (end == number.c_str() || p < 0 || p > 1) return "expected a probability in [0, 1] after '@'";
    pos += static_cast<std::size_t>(end - number.c_str());
    rule.probability = p;
  } else {
    rule.count = 1;
  }
  if (pos != rest.size()) return "unexpected text '" + std::string(rest.substr(pos)) + "'";

  if (rule.route && !FaultAllowedOn(fault.action, *rule.route)) {
    return "this action does not apply to route '" + route_name + "'";
  }
  return "";
}

}  // namespace

bool FaultAllowedOn(FaultAction action, Route route) {
  if (route == Route::kWebhook) {
    return action == FaultAction::kWebhookDuplicate || action == FaultAction::kWebhookBadSignature ||
           action == FaultAction::kWebhookStaleTimestamp || action == FaultAction::kStall;
  }
  switch (action) {
    case FaultAction::kStatus:
    case FaultAction::kReset:
    case FaultAction::kStall:
    case FaultAction::kGarbage:
      return true;
    case FaultAction::kResetMidBody:
    case FaultAction::kCloseMidBody:
    case FaultAction::kStallMidBody:
    case FaultAction::kSlow:
      return route != Route::kStream;
    case FaultAction::kResetAfterEnqueue:
    case FaultAction::kFail:
      return route == Route::kSubmit;
    case FaultAction::kSseDrop:
    case FaultAction::kSseDuplicate:
    case FaultAction::kSseSilence:
      return route == Route::kStream;
    case FaultAction::kWebhookDuplicate:
    case FaultAction::kWebhookBadSignature:
    case FaultAction::kWebhookStaleTimestamp:
      return false;
    case FaultAction::kExpireToken:
      return IsCdnRoute(route);
  }
  return false;
}

std::optional<FaultPlan> ParseFaultPlan(std::string_view text, std::string* error) {
  FaultPlan plan;
  std::size_t start = 0;
  int index = 0;
  while (start <= text.size()) {
    const auto semicolon = text.find(';', start);
    const auto end = semicolon == std::string_view::npos ? text.size() : semicolon;
    const std::string rule_text = StripSpaces(text.substr(start, end - start));
    if (!rule_text.empty()) {
      ++index;
      FaultRule rule;
      const std::string problem = ParseRule(rule_text, rule);
      if (!problem.empty()) {
        if (error) *error = "fault plan rule " + std::to_string(index) + " ('" + rule_text + "'): " + problem;
        return std::nullopt;
      }
      plan.rules.push_back(std::move(rule));
    }
    if (semicolon == std::string_view::npos) break;
    start = semicolon + 1;
  }
  return plan;
}

}  // namespace fal::emulator
