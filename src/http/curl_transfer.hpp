#pragma once
// One libcurl easy handle and everything it needs while a request is in flight: the request, the growing
// response, header parsing, body streaming, progress, and the mapping of curl's result to an Outcome.

#include <curl/curl.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "fal/http/transport.hpp"

namespace fal::http::internal {

class CurlTransfer {
 public:
  CurlTransfer(Request request, std::function<void(Outcome)> done, bool allow_plain_http_to_loopback,
               const std::string& ca_bundle);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  /// Why the request may not be sent at all (bad URL, plain http to a remote host); empty when fine.
  const std::string& rejection() const { return rejection_; }
  CURL* easy() const { return easy_; }
  const Request& request() const { return request_; }

  /// Marks the transfer as cancelled; its result then maps to NetworkError::Kind::kCancelled.
  void MarkCancelled(std::string why) {
    cancelled_ = true;
    cancel_reason_ = std::move(why);
  }
  /// Runs the completion callback with the outcome of `code`.
  void Complete(CURLcode code);
  /// Runs the completion callback with `error` (the transfer never ran, or was torn down).
  void Fail(NetworkError error);

  std::uint64_t cancel_subscription = 0;

 private:
  static size_t OnWrite(char* data, size_t size, size_t count, void* self);
  static size_t OnHeader(char* data, size_t size, size_t count, void* self);
  static size_t OnRead(char* buffer, size_t size, size_t count, void* self);
  static int OnProgress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                        curl_off_t ulnow);
  void DeliverHeaders();
  void Configure(bool allow_plain_http_to_loopback, const std::string& ca_bundle);

  Request request_;
  std::function<void(Outcome)> done_;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  Response response_;
  bool headers_delivered_ = false;
  bool body_aborted_ = false;
  std::uint64_t read_offset_ = 0;
  std::atomic<bool> cancelled_{false};
  std::string cancel_reason_;
  std::string rejection_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace fal::http::internal
