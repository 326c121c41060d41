// Fault plans: which requests the emulator answers badly, and how. The grammar, in full in
// docs/emulator.md:
//
//   plan  := rule { ";" rule }                       whitespace is ignored
//   rule  := route ":" action [ "=" N ] [ "(" param { "," param } ")" ] [ "x" COUNT | "@" P ]
//   route := submit | status | stream | result | cancel | initiate | upload | part | complete | file
//            | token | cdn-upload | cdn-multipart | cdn-part | cdn-complete | webhook | *
//
// e.g. "submit:503x2; submit:429(retry-after=2); status:reset@0.05; stream:sse-drop=2; file:slow=65536".
// A rule without a suffix fires once (x1); "@1" fires on every matching request. Rules are tried in
// the order written and the first that fires wins, so "submit:503x2;submit:429" means two 503s, then
// one 429, then normal answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "router.hpp"

namespace fal::emulator {

enum class FaultAction {
  kStatus,                 // NNN: answer that HTTP status without processing the request
  kReset,                  // reset (RST) the connection before processing or answering anything
  kResetAfterEnqueue,      // submit: create the job, then reset instead of answering
  kResetMidBody,           // send the headers and part of the body (=BYTES, default half), then reset
  kCloseMidBody,           // the same, then close cleanly (FIN): a short body
  kStallMidBody,           // the same, then pause =MS before the rest
  kGarbage,                // answer with bytes that are not what the route sends (not JSON, not the file)
  kStall,                  // process the request, then hold the answer =MS
  kSlow,                   // send the body at =BYTES per second
  kSseDrop,                // stream: close after =N events, or before COMPLETED if that comes first
  kSseDuplicate,           // stream: send every event twice
  kSseSilence,             // stream: send nothing (no events, no keep-alive comments) for =MS, then go on
  kFail,                   // submit: the job runs, then ends COMPLETED with an error
  kWebhookDuplicate,       // webhook: deliver twice
  kWebhookBadSignature,    // webhook: sign with a key that is not in the JWKS
  kWebhookStaleTimestamp,  // webhook: a timestamp ten minutes old
  kExpireToken,            // CDN routes: the CDN token of the request expires now (it and later uses get 401)
};

struct Fault {
  FaultAction action = FaultAction::kStatus;
  int status = 0;            // kStatus: the HTTP status; kFail: the result's status (0: from error_type)
  std::string retry_after;   // kStatus: "N" seconds, "date+N" (an HTTP-date N s ahead) or any text verbatim
  bool ingress = false;      // kStatus: an nginx-style HTML page without x-fal-request-id
  std::string error_type;    // kStatus/kFail: fal's error_type (defaults by status)
  std::int64_t amount = -1;  // =N: milliseconds, bytes, bytes per second or events; -1: the default
  std::int64_t after_bytes = -1;  // (after=BYTES) for kStallMidBody
  std::string text;               // the rule as written, for the journal and GET /_emulator/faults
};

struct FaultRule {
  std::optional<Route> route;  // empty: "*", every route where the action makes sense
  Fault fault;
  std::optional<int> count;           // x COUNT (the default, x1)
  std::optional<double> probability;  // @ P
};

struct FaultPlan {
  std::vector<FaultRule> rules;
};

// Returns the plan, or empty with *error naming the rule and what was wrong with it.
std::optional<FaultPlan> ParseFaultPlan(std::string_view text, std::string* error);

bool FaultAllowedOn(FaultAction action, Route route);

}  // namespace fal::emulator
