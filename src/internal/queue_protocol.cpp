#include "internal/queue_protocol.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "internal/ascii.hpp"
#include "internal/error_mapping.hpp"
#include "internal/json_fields.hpp"
#include "internal/json_text.hpp"
#include "internal/url.hpp"

namespace fal::internal {
namespace {

using nlohmann::json;

// Seconds as fal reads them: "30", "1.5".
std::string SecondsText(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ms.count()) / 1000.0);
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  return s;
}

JobState StateFrom(const std::string& raw) {
  if (raw == "IN_QUEUE") return JobState::kInQueue;
  if (raw == "IN_PROGRESS") return JobState::kInProgress;
  if (raw == "COMPLETED") return JobState::kCompleted;
  return JobState::kUnknown;
}

Result<JobStatus> StatusFromJson(const json& j, std::string raw) {
  JobStatus s;
  s.raw_state = StringMember(j, "status");
  s.state = StateFrom(s.raw_state);
  if (auto p = j.find("queue_position"); p != j.end() && p->is_number_integer())
    s.queue_position = p->get<int>();
  if (auto logs = j.find("logs"); logs != j.end() && logs->is_array()) {
    for (const json& l : *logs) {
      if (!l.is_object()) continue;
      s.logs.push_back(LogEntry{StringMember(l, "message"), StringMember(l, "level"),
                                StringMember(l, "source"), StringMember(l, "timestamp")});
    }
  }
  if (auto m = j.find("metrics"); m != j.end() && m->is_object()) {
    for (auto it = m->begin(); it != m->end(); ++it) {
      if (it->is_number()) s.metrics[it.key()] = it->get<double>();
    }
  }
  s.error = StringMember(j, "error");
  s.error_type = StringMember(j, "error_type");
  s.request_id = StringMember(j, "request_id");
  s.raw_json = std::move(raw);
  return s;
}

}  // namespace

std::string SubmitUrl(std::string_view queue_base, const EndpointId& endpoint, std::string_view webhook_url) {
  std::string url = std::string(queue_base) + "/" + endpoint.Full();
  if (!webhook_url.empty()) url += "?fal_webhook=" + FormEncode(webhook_url);
  return url;
}

std::string RequestUrl(std::string_view queue_base, const EndpointId& endpoint, std::string_view request_id,
                       std::string_view suffix) {
  return std::string(queue_base) + "/" + endpoint.App() + "/requests/" + std::string(request_id) +
         std::string(suffix);
}

std::string PreferServerUrl(std::string_view queue_base, const std::string& server_url, std::string built) {
  if (server_url.empty()) return built;
  auto server = ParseUrl(server_url);
  auto queue = ParseUrl(queue_base);
  if (server && queue && SameOrigin(*server, *queue)) return server_url;
  return built;
}

Result<void> CheckHeader(std::string_view name, std::string_view value) {
  // A header name is an RFC 9110 token; a value may carry any byte but CR, LF and NUL, which would end the
  // header line and let the value add headers of its own. Bytes above 0x7F (a Latin-1 value) pass as sent.
  bool token = !name.empty();
  for (unsigned char c : name)
    token = token && c > 0x20 && c < 0x7F && !std::strchr("\"(),/:;<=>?@[\\]{}", c);
  if (!token) {
    return Error(ErrorCode::kInvalidArgument,
                 "extra_headers has the header name \"" + Excerpt(name, 80) +
                     "\", which is not a valid HTTP header name: use letters, digits "
                     "and '-'");
  }
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return Error(ErrorCode::kInvalidArgument, "extra_headers sets " + std::string(name) +
                                                  " to a value with a line break or NUL byte, which would "
                                                  "corrupt the request: remove it");
  }
  return {};
}

Result<void> CheckRequestId(std::string_view request_id) {
  bool ok = !request_id.empty() && request_id.size() <= 128;
  for (unsigned char c : request_id) ok = ok && (std::isalnum(c) || c == '-' || c == '_');
  if (ok) return {};
  return Error(ErrorCode::kInvalidArgument, "request id \"" + Excerpt(request_id, 80) +
                                                "\" is not valid: use the request_id fal returned on submit "
                                                "(letters, digits, '-' and '_')");
}

std::string LifecycleJson(const ObjectLifecycle& lifecycle) {
  json j = json::object();
  if (lifecycle.expiration_seconds) j["expiration_duration_seconds"] = *lifecycle.expiration_seconds;
  json acl = json::object();
  if (lifecycle.default_acl) acl["default"] = std::string(ToString(*lifecycle.default_acl));
  if (!lifecycle.acl_rules.empty()) {
    json rules = json::array();
    for (const auto& r : lifecycle.acl_rules) {
      rules.push_back({{"user", r.user}, {"decision", std::string(ToString(r.decision))}});
    }
    acl["rules"] = std::move(rules);
  }
  if (!acl.empty()) j["initial_acl"] = std::move(acl);
  return DumpJson(j);
}

Result<http::Headers> SubmitHeaders(const SubmitOptions& o) {
  http::Headers h;
  // Extras first: the named options below take precedence when both name the same header.
  for (const auto& [name, value] : o.extra_headers) {
    if (EqualsIgnoringAsciiCase(name, "authorization")) {
      return Error(ErrorCode::kInvalidArgument, "extra_headers may not set Authorization")
          .WithAdvice(Advice::kCredentialsNotHeader);
    }
    if (Result<void> ok = CheckHeader(name, value); !ok) return ok.error();
    h.emplace_back(name, value);
  }
  auto set = [&h](const std::string& name, std::string value) {
    for (auto it = h.begin(); it != h.end();) {
      it = EqualsIgnoringAsciiCase(it->first, name) ? h.erase(it) : it + 1;
    }
    h.emplace_back(name, std::move(value));
  };
  set("Content-Type", "application/json");
  if (o.priority) set("x-fal-queue-priority", std::string(ToString(*o.priority)));
  if (!o.hint.empty()) set("x-fal-runner-hint", o.hint);
  if (o.start_timeout) {
    if (o.start_timeout->count() <= 100) {
      return Error(ErrorCode::kInvalidArgument, "start_timeout is " +
                                                    std::to_string(o.start_timeout->count()) +
                                                    " ms: fal needs more than 0.1 s (e.g. 30 s)")
          .WithAdvice(Advice::kLongerStartTimeout);
    }
    // The documented header, and the older name fal still reads, with the same value.
    set("X-Fal-Request-Start-Timeout", SecondsText(*o.start_timeout));
    set("x-fal-request-timeout", SecondsText(*o.start_timeout));
  }
  if (o.lifecycle) set("x-fal-object-lifecycle-preference", LifecycleJson(*o.lifecycle));
  if (o.no_retry) set("X-Fal-No-Retry", "1");
  if (o.store_io) set("X-Fal-Store-IO", *o.store_io ? "1" : "0");
  return h;
}

namespace {

Error UnreadableSubmit(const http::Response& response, std::string_view what, std::string_view problem) {
  std::string id = response.Header("x-fal-request-id").value_or("");
  if (!CheckRequestId(id)) id.clear();
  Error e(ErrorCode::kAmbiguousSubmit,
          std::string(what) + ": fal accepted the submit (HTTP " + std::to_string(response.status) +
              ") but its answer could not be read (" + std::string(problem) + ", body: \"" +
              Excerpt(response.body) + "\"), so the job exists" +
              (id.empty() ? "" : " (x-fal-request-id " + id + ")") + ". Do not submit it again: " +
              (id.empty() ? "check your fal requests (or your webhook) for it"
                          : "resume it with Client::Job(endpoint, request_id)"));
  e.WithHttpStatus(response.status).WithRequestId(id);
  return e;
}

}  // namespace

Result<SubmitAnswer> ParseSubmitAnswer(const http::Response& response, std::string_view what) {
  json j = json::parse(response.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return UnreadableSubmit(response, what, "not a JSON object");
  SubmitAnswer a{StringMember(j, "request_id"), StringMember(j, "status_url"),
                 StringMember(j, "response_url"), StringMember(j, "cancel_url")};
  if (a.request_id.empty()) a.request_id = response.Header("x-fal-request-id").value_or("");
  if (a.request_id.empty()) return UnreadableSubmit(response, what, "no request_id");
  if (!CheckRequestId(a.request_id)) return UnreadableSubmit(response, what, "the request_id is not valid");
  return a;
}

Result<JobStatus> ParseStatusJson(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error(ErrorCode::kMalformedResponse, "status is not a JSON object: \"" + Excerpt(text) + "\"");
  }
  return StatusFromJson(j, std::string(text));
}

Result<JobStatus> ParseStatus(const http::Response& response, std::string_view what, std::string* problem) {
  json j = json::parse(response.body, nullptr, false);
  const char* why = j.is_discarded() || !j.is_object() ? "the answer is not a JSON object"
                    : !j.contains("status")            ? "the answer has no status field"
                                                       : nullptr;
  if (problem != nullptr) *problem = why != nullptr ? why : "";
  if (why != nullptr) return MalformedResponse(response, what, why);
  return StatusFromJson(j, response.body);
}

std::string ResultAnswerProblem(const http::Response& response) {
  return json::accept(response.body) ? "" : "the answer is not JSON";
}

Result<RawOutput> ParseResultAnswer(http::Response response, std::string_view what, std::string request_id,
                                    const std::string* problem) {
  const std::string checked = problem != nullptr ? *problem : ResultAnswerProblem(response);
  if (!checked.empty()) return MalformedResponse(response, what, checked);
  return RawOutput{std::move(response.body), std::move(request_id)};
}

Result<CancelOutcome> ParseCancelAnswer(const http::Response& response, std::string_view what) {
  json j = json::parse(response.body, nullptr, false);
  std::string status = j.is_object() ? StringMember(j, "status") : "";
  if (status == "CANCELLATION_REQUESTED" || status == "OK") return CancelOutcome::kCancellationRequested;
  if (status == "ALREADY_COMPLETED") return CancelOutcome::kAlreadyCompleted;
  if (status == "NOT_FOUND") return CancelOutcome::kNotFound;
  // No recognised body: fall back on the HTTP status, as a fal-compatible server documents it.
  if (response.status == 200 || response.status == 202) return CancelOutcome::kCancellationRequested;
  if (response.status == 400) return CancelOutcome::kAlreadyCompleted;
  if (response.status == 404) return CancelOutcome::kNotFound;
  return ErrorFromResponse(response, what);
}

}  // namespace fal::internal
