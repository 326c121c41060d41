#include <nlohmann/json.hpp>

#include "fal/webhooks.hpp"
#include "internal/error_mapping.hpp"
#include "internal/json_fields.hpp"

namespace fal::webhooks {

Result<Payload> ParsePayload(std::string_view body) {
  using nlohmann::json;
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  auto malformed = [&](const std::string& why) {
    return Error(ErrorCode::kMalformedResponse,
                 "webhook body " + why + ": \"" + internal::Excerpt(body) + "\"");
  };
  if (j.is_discarded() || !j.is_object()) return malformed("is not a JSON object");
  auto str = [&j](const char* key) { return internal::StringMember(j, key); };
  Payload p;
  p.request_id = str("request_id");
  if (p.request_id.empty()) return malformed("has no request_id");
  p.gateway_request_id = str("gateway_request_id");
  p.raw_status = str("status");
  p.status = p.raw_status == "OK"      ? Payload::Status::kOk
             : p.raw_status == "ERROR" ? Payload::Status::kError
                                       : Payload::Status::kUnknown;
  p.error = str("error");
  p.payload_error = str("payload_error");
  if (auto it = j.find("payload"); it != j.end() && !it->is_null()) {
    p.payload_json = it->dump();
    if (p.status != Payload::Status::kOk) p.field_errors = internal::FieldErrorsFromBody(p.payload_json);
  }
  p.raw_json = std::string(body);
  return p;
}

bool ReplayGuard::Seen(const std::string& request_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ids_.count(request_id) != 0) return true;
  if (capacity_ == 0) return false;
  if (order_.size() < capacity_) {
    order_.push_back(request_id);
  } else {
    ids_.erase(order_[next_]);  // forget the oldest
    order_[next_] = request_id;
    next_ = (next_ + 1) % capacity_;
  }
  ids_.insert(request_id);
  return false;
}

}  // namespace fal::webhooks
