#include "fal/http/transport.hpp"

#include "internal/ascii.hpp"

namespace fal::http {

std::string_view ToString(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
    case Method::kHead:
      return "HEAD";
  }
  return "GET";
}

std::optional<std::string> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (fal::internal::EqualsIgnoringAsciiCase(key, name)) return value;
  }
  return std::nullopt;
}

std::string_view ToString(NetworkError::Kind kind) {
  switch (kind) {
    case NetworkError::Kind::kConnectFailed:
      return "connect_failed";
    case NetworkError::Kind::kTimeout:
      return "timeout";
    case NetworkError::Kind::kConnectionLost:
      return "connection_lost";
    case NetworkError::Kind::kTls:
      return "tls";
    case NetworkError::Kind::kCancelled:
      return "cancelled";
    case NetworkError::Kind::kRejected:
      return "rejected";
    case NetworkError::Kind::kBodyRead:
      return "body_read";
    case NetworkError::Kind::kOther:
      return "other";
  }
  return "other";
}

}  // namespace fal::http
