#pragma once
/// @file
/// The generic any-endpoint API with nlohmann::json in and out. Include it only where you want nlohmann in
/// your own code; the rest of falcpp keeps nlohmann out of its public headers.
///
/// @code
/// #include <fal/json.hpp>
/// fal::Client client;
/// nlohmann::json input = {{"video_url", "https://example.com/render.mp4"}, {"resolution", "480p"}};
/// fal::Result<nlohmann::json> out = fal::SubscribeJson(client, "fal-ai/ltx-2.3-quality/render-to-real", input);
/// if (out) std::cout << (*out)["video"]["url"] << "\n";
/// @endcode

#include <nlohmann/json.hpp>

#include <string_view>

#include "fal/client.hpp"

namespace fal {

/// Parses a job's output. A body that is not JSON is ErrorCode::kMalformedResponse with the request id.
inline Result<nlohmann::json> ParseJson(const RawOutput& output) {
  nlohmann::json j = nlohmann::json::parse(output.json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Error(ErrorCode::kMalformedResponse,
                 "the output of request " + output.request_id + " is not JSON: \"" + output.json.substr(0, 200) + "\"")
        .WithRequestId(output.request_id);
  }
  return j;
}

/// Client::Submit with a JSON input.
inline Result<JobHandle> SubmitJson(const Client& client, std::string_view endpoint_id, const nlohmann::json& input,
                                    SubmitOptions options = {}) {
  return client.Submit(endpoint_id, input.dump(), std::move(options));
}

/// Client::Subscribe with a JSON input and output.
inline Result<nlohmann::json> SubscribeJson(const Client& client, std::string_view endpoint_id,
                                            const nlohmann::json& input, SubscribeOptions options = {}) {
  Result<RawOutput> out = client.Subscribe(endpoint_id, input.dump(), std::move(options));
  if (!out) return out.error();
  return ParseJson(*out);
}

/// JobHandle::Result as JSON.
inline Result<nlohmann::json> ResultJson(const JobHandle& job, CallOptions options = {}) {
  Result<RawOutput> out = job.Result(std::move(options));
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
