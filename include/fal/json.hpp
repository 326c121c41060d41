#pragma once
/// @file
/// The generic any-endpoint API with nlohmann::json in and out. Include it only where you want nlohmann in
/// your own code; the rest of falcpp keeps nlohmann out of its public headers.
///
/// @code
/// #include <fal/json.hpp>
/// fal::Client client;
/// nlohmann::json input = {{"video_url", "https://example.com/render.mp4"}, {"resolution", "480p"}};
/// fal::Result<nlohmann::json> out = fal::SubscribeJson(client, "fal-ai/ltx-2.3-quality/render-to-real",
/// input); if (out) std::cout << (*out)["video"]["url"] << "\n";
/// @endcode

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "fal/client.hpp"

namespace fal {

namespace internal {
// Defined in the library (src/internal/utf8.cpp): where `text` stops being UTF-8, and a description of it.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);
std::string DescribeInvalidUtf8(std::string_view text, std::size_t offset);

// The JSON text of a caller's input. nlohmann's dump() throws (or aborts, built without exceptions) on a
// string that is not UTF-8: the input is checked first and such a string is kInvalidArgument naming it.
inline Result<std::string> InputText(const nlohmann::json& input) {
  std::optional<std::string> problem;
  auto check = [&problem](const std::string& text, const std::string& where) {
    if (problem) return;
    if (auto bad = FirstInvalidUtf8(text))
      problem = where + " is not valid UTF-8: " + DescribeInvalidUtf8(text, *bad);
  };
  auto walk = [&check](const nlohmann::json& value, const std::string& where, auto& self) -> void {
    if (value.is_string()) return check(value.get_ref<const std::string&>(), where);
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) self(value[i], where + "." + std::to_string(i), self);
    }
    if (!value.is_object()) return;
    for (auto it = value.begin(); it != value.end(); ++it) {
      check(it.key(), "a key of " + where);
      self(it.value(), where + "." + it.key(), self);
    }
  };
  walk(input, "input", walk);
  if (problem) {
    return Error(
        ErrorCode::kInvalidArgument,
        *problem + ", so nothing was sent; JSON is UTF-8: convert the text (for example from Latin-1) first");
  }
  return input.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
}  // namespace internal

/// Parses a job's output. A body that is not JSON is ErrorCode::kMalformedResponse with the request id.
inline Result<nlohmann::json> ParseJson(const RawOutput& output) {
  nlohmann::json j = nlohmann::json::parse(output.json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Error(ErrorCode::kMalformedResponse, "the output of request " + output.request_id +
                                                    " is not JSON: \"" + output.json.substr(0, 200) + "\"")
        .WithRequestId(output.request_id);
  }
  return j;
}

/// Client::Submit with a JSON input. A string (or key) in `input` that is not UTF-8 is kInvalidArgument.
inline Result<JobHandle> SubmitJson(const Client& client, std::string_view endpoint_id,
                                    const nlohmann::json& input, SubmitOptions options = {}) {
  Result<std::string> text = internal::InputText(input);
  if (!text) return text.error();
  return client.Submit(endpoint_id, std::move(*text), std::move(options));
}

/// Client::Subscribe with a JSON input and output. A string in `input` that is not UTF-8 is kInvalidArgument.
inline Result<nlohmann::json> SubscribeJson(const Client& client, std::string_view endpoint_id,
                                            const nlohmann::json& input, SubscribeOptions options = {}) {
  Result<std::string> text = internal::InputText(input);
  if (!text) return text.error();
  Result<RawOutput> out = client.Subscribe(endpoint_id, std::move(*text), std::move(options));
  if (!out) return out.error();
  return ParseJson(*out);
}

/// JobHandle::FetchResult as JSON.
inline Result<nlohmann::json> ResultJson(const JobHandle& job, CallOptions options = {}) {
  Result<RawOutput> out = job.FetchResult(std::move(options));
  if (!out) return out.error();
  return ParseJson(*out);
}

/// JobHandle::Wait as JSON.
inline Result<nlohmann::json> WaitJson(const JobHandle& job, WaitOptions options = {}) {
  Result<RawOutput> out = job.Wait(std::move(options));
  if (!out) return out.error();
  return ParseJson(*out);
}

}  // namespace fal
