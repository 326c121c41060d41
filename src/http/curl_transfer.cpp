#include "http/curl_transfer.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "internal/url.hpp"

namespace fal::http::internal {
namespace {

NetworkError::Kind KindOf(CURLcode code, bool connected) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return NetworkError::Kind::kConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
      return connected ? NetworkError::Kind::kTimeout : NetworkError::Kind::kConnectFailed;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return NetworkError::Kind::kTls;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return NetworkError::Kind::kConnectionLost;
    case CURLE_READ_ERROR:
      return NetworkError::Kind::kBodyRead;
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return NetworkError::Kind::kRejected;
    default:
      return NetworkError::Kind::kOther;
  }
}

}  // namespace

CurlTransfer::CurlTransfer(Request request, std::function<void(Outcome)> done,
                           bool allow_plain_http_to_loopback, const std::string& ca_bundle)
    : request_(std::move(request)), done_(std::move(done)) {
  auto url = fal::internal::ParseUrl(request_.url);
  if (!url) {
    rejection_ = "not an absolute http(s) URL: " + fal::internal::StripQuery(request_.url);
    return;
  }
  if (url->scheme == "http" && !(allow_plain_http_to_loopback && fal::internal::IsLoopbackHost(url->host))) {
    rejection_ =
        "plain http to " + url->host + " is refused: use https (plain http is allowed only to loopback)";
    return;
  }
  easy_ = curl_easy_init();
  if (easy_ == nullptr) {
    rejection_ = "curl_easy_init failed";
    return;
  }
  Configure(allow_plain_http_to_loopback && url->scheme == "http", ca_bundle);
}

CurlTransfer::~CurlTransfer() {
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
  if (header_list_ != nullptr) curl_slist_free_all(header_list_);
}

void CurlTransfer::Configure(bool plain_http_origin, const std::string& ca_bundle) {
  curl_easy_setopt(easy_, CURLOPT_URL, request_.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!ca_bundle.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, ca_bundle.c_str());
  curl_easy_setopt(easy_, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode

  if (request_.follow_redirects) {
    curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, 5L);
    // libcurl drops Authorization when a redirect changes host or port; keep it that way.
    curl_easy_setopt(easy_, CURLOPT_UNRESTRICTED_AUTH, 0L);
    curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, plain_http_origin ? "http,https" : "https");
  }

  if (request_.timeout.count() > 0)
    curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(request_.timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request_.connect_timeout.count()));
  if (request_.low_speed_bytes_per_second > 0) {
    curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(request_.low_speed_bytes_per_second));
    curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME, static_cast<long>(request_.low_speed_window.count()));
  }

  const bool has_body = request_.body_source.has_value() || !request_.body.empty() ||
                        request_.method == Method::kPost || request_.method == Method::kPut;
  const curl_off_t body_size = request_.body_source ? static_cast<curl_off_t>(request_.body_source->size)
                                                    : static_cast<curl_off_t>(request_.body.size());
  switch (request_.method) {
    case Method::kGet:
      break;
    case Method::kHead:
      curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
      break;
    case Method::kPost:
      curl_easy_setopt(easy_, CURLOPT_POST, 1L);
      curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, body_size);
      break;
    case Method::kPut:
      curl_easy_setopt(easy_, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(easy_, CURLOPT_INFILESIZE_LARGE, body_size);
      break;
    case Method::kDelete:
      curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, "DELETE");
      break;
  }
  if (has_body && request_.method != Method::kGet && request_.method != Method::kHead) {
    // No CURLOPT_SEEKFUNCTION, on purpose: with one, libcurl re-sends a body by itself when a kept-alive
    // connection dies before the answer, which for a submit is a duplicate job nobody asked for. Without it
    // that ends as CURLE_SEND_FAIL_REWIND, and the retry loop decides what may be sent again.
    curl_easy_setopt(easy_, CURLOPT_READFUNCTION, &CurlTransfer::OnRead);
    curl_easy_setopt(easy_, CURLOPT_READDATA, this);
  }

  for (const auto& [name, value] : request_.headers) {
    std::string line = name + ": " + value;
    header_list_ = curl_slist_append(header_list_, line.c_str());
  }
  // No "Expect: 100-continue" round trip before large bodies: fal's hosts and fal-emulator answer at once.
  header_list_ = curl_slist_append(header_list_, "Expect:");
  if (!FindHeader(request_.headers, "content-type") && has_body) {
    header_list_ = curl_slist_append(header_list_, "Content-Type:");  // no implicit form encoding
  }
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, header_list_);

  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &CurlTransfer::OnWrite);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &CurlTransfer::OnHeader);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_XFERINFOFUNCTION, &CurlTransfer::OnProgress);
  curl_easy_setopt(easy_, CURLOPT_XFERINFODATA, this);
  curl_easy_setopt(easy_, CURLOPT_NOPROGRESS, 0L);
}

size_t CurlTransfer::OnHeader(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<CurlTransfer*>(self_ptr);
  size_t n = size * count;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new header block (after a redirect or a 100 Continue): only the last one counts.
    self->response_.headers.clear();
    std::size_t space = line.find(' ');
    if (space != std::string_view::npos)
      self->response_.status = std::atoi(std::string(line.substr(space + 1, 3)).c_str());
    return n;
  }
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    self->response_.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return n;
}

void CurlTransfer::DeliverHeaders() {
  if (headers_delivered_) return;
  headers_delivered_ = true;
  if (request_.on_headers) request_.on_headers(response_.status, response_.headers);
}

size_t CurlTransfer::OnWrite(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<CurlTransfer*>(self_ptr);
  size_t n = size * count;
  if (self->cancelled_) return 0;
  self->DeliverHeaders();
  if (self->request_.on_body) {
    if (!self->request_.on_body(std::string_view(data, n))) {
      self->body_aborted_ = true;
      return 0;
    }
    return n;
  }
  self->response_.body.append(data, n);
  return n;
}

size_t CurlTransfer::OnRead(char* buffer, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<CurlTransfer*>(self_ptr);
  size_t max = size * count;
  if (self->cancelled_) return CURL_READFUNC_ABORT;
  if (self->request_.body_source) {
    const BodySource& source = *self->request_.body_source;
    if (self->read_offset_ >= source.size) return 0;
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(max, source.size - self->read_offset_));
    std::int64_t got = source.read(self->read_offset_, buffer, want);
    if (got < 0) return CURL_READFUNC_ABORT;
    self->read_offset_ += static_cast<std::uint64_t>(got);
    return static_cast<size_t>(got);
  }
  const std::string& body = self->request_.body;
  if (self->read_offset_ >= body.size()) return 0;
  std::size_t n = std::min<std::size_t>(max, body.size() - self->read_offset_);
  std::memcpy(buffer, body.data() + self->read_offset_, n);
  self->read_offset_ += n;
  return n;
}

int CurlTransfer::OnProgress(void* self_ptr, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                             curl_off_t ulnow) {
  auto* self = static_cast<CurlTransfer*>(self_ptr);
  if (self->cancelled_) return 1;
  if (self->request_.on_upload_progress && ultotal > 0) {
    self->request_.on_upload_progress(static_cast<std::uint64_t>(ulnow), static_cast<std::uint64_t>(ultotal));
  }
  if (self->request_.on_download_progress && dlnow > 0) {
    self->request_.on_download_progress(static_cast<std::uint64_t>(dlnow),
                                        static_cast<std::uint64_t>(dltotal));
  }
  return 0;
}

void CurlTransfer::Complete(CURLcode code) {
  if (code == CURLE_OK && !cancelled_) {
    long status = 0;
    curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
    response_.status = static_cast<int>(status);
    DeliverHeaders();
    auto done = std::move(done_);
    done_ = nullptr;
    done(Outcome::Of(std::move(response_)));
    return;
  }
  long request_size = 0;
  curl_easy_getinfo(easy_, CURLINFO_REQUEST_SIZE, &request_size);
  curl_off_t connect_time = 0;
  curl_easy_getinfo(easy_, CURLINFO_CONNECT_TIME_T, &connect_time);
  NetworkError error;
  error.request_sent = request_size > 0;
  if (cancelled_) {
    error.kind = NetworkError::Kind::kCancelled;
    error.message = cancel_reason_;
  } else if (body_aborted_) {
    error.kind = NetworkError::Kind::kCancelled;
    error.message = "the response body callback stopped the transfer";
  } else if (code == CURLE_SEND_FAIL_REWIND) {
    // A kept-alive connection died before any answer byte, and libcurl wanted to send the request again on
    // a new one: it only rewinds a body it already sent. The first copy may have been acted on (a submit may
    // have created a job), so this is a lost connection after sending, never "nothing was sent".
    error.kind = NetworkError::Kind::kConnectionLost;
    error.request_sent = true;
    error.message = std::string("the connection broke after the request was sent") +
                    (error_buffer_[0] != '\0' ? std::string(" (") + error_buffer_ + ")" : "");
  } else {
    // A kept-alive connection has no connect time in this transfer: a request that went out on one and timed
    // out waiting is a timeout after sending, not a connection that was never made (which a submit's retry
    // rule treats as safe to resend).
    error.kind = KindOf(code, connect_time > 0 || error.request_sent);
    error.message = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  }
  Fail(std::move(error));
}

void CurlTransfer::Fail(NetworkError error) {
  if (!done_) return;
  auto done = std::move(done_);
  done_ = nullptr;
  done(Outcome::Of(std::move(error)));
}

}  // namespace fal::http::internal
