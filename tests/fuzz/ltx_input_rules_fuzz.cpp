// fal-emulator's LTX-2.3 input rules (tools/emulator/ltx_input_rules.hpp) on arbitrary JSON: no crash
// for any endpoint or policy, and every verdict has fal's 422 shape.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "endpoints.hpp"
#include "fuzz_check.hpp"
#include "ltx_input_rules.hpp"

using namespace fal::emulator;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json input = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded()) return 0;
  (void)ResolveSize(input, kAssumedAutoSize);
  if (input.is_object()) {
    for (const auto& [key, value] : input.items()) (void)ResolveSize(value, kAssumedAutoSize);
  }
  if (!input.is_object()) return 0;  // the emulator answers 422 before these rules for anything else
  for (const Endpoint& endpoint : AllEndpoints()) {
    for (bool reject : {false, true}) {
      CheckPolicy policy;
      policy.reject_rv2v_over_budget = reject;
      const InputCheck check = CheckLtxInput(endpoint.kind, input, policy);
      FUZZ_CHECK(check.ok() == check.errors.empty(), "ok() disagrees with the errors");
      if (check.capped_num_frames) {
        // reference-video-to-video, with and without LoRAs, share the 720p-class cap policy.
        const bool reference_video = endpoint.kind == EndpointKind::kReferenceVideoToVideoLora ||
                                     endpoint.kind == EndpointKind::kReferenceVideoToVideo;
        FUZZ_CHECK(reference_video && !reject,
                   "a capped frame count outside reference-video-to-video's cap policy");
      }
      const nlohmann::json body = check.DetailBody();
      FUZZ_CHECK(body.is_object() && body.contains("detail") && body["detail"].is_array(),
                 "a 422 body without detail");
      for (const FieldError& e : check.errors) {
        const nlohmann::json j = e.ToJson();
        FUZZ_CHECK(e.loc.is_array() && !e.loc.empty() && e.loc[0] == "body",
                   "a field error not located in the body");
        FUZZ_CHECK(!e.msg.empty() && !e.type.empty(), "a field error without a message or a type");
        FUZZ_CHECK(j.contains("loc") && j.contains("msg") && j.contains("type"),
                   "a field error not in pydantic's shape");
        (void)j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
    }
  }
  return 0;
}
