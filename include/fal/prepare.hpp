#pragma once
/// @file
/// fal::PrepareInput: the steps a typed request goes through before anything is uploaded or sent, in one
/// place for Client::Submit, Client::DryRun, Client::PrepareBody and fal-ltx. In order:
/// 1. Finalize (e.g. the 3DREAL trigger).
/// 2. Read the local clip, when the endpoint has one (EndpointTraits::Clip) and a ClipProbe is set; a clip
///    that cannot be read is an error finding on its field. Under ValidationMode::kOff the clip is read
///    only for the estimate.
/// 3. Fit the request to the clip (EndpointTraits::FitToClip; not under kOff): fields left unset may be
///    filled from the clip, each change a finding (docs/validation.md, "Fit the clip").
/// 4. Validate (EndpointTraits::Validate; not under kOff).
/// 5. Estimate the cost (fal::ltx::EstimateCost, with the clip) and, with a cost limit, check it
///    (fal::ltx::CheckCostLimit; not under kOff): over the limit, or unknown, is an error finding.
/// The result is data: what blocks and what is logged is decided by the validation mode, as for every
/// other finding (Strict refuses before anything is uploaded or sent; Warn logs and sends).

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "fal/clip_info.hpp"
#include "fal/endpoint.hpp"
#include "fal/export.hpp"
#include "fal/file.hpp"
#include "fal/ltx/cost.hpp"
#include "fal/validation.hpp"

namespace fal {

/// What PrepareInput needs besides the input. A Client fills it from ClientOptions and SubmitOptions.
struct FALCPP_EXPORT PrepareSettings {
  ValidationMode validation = ValidationMode::kStrict;  ///< As ClientOptions::validation.
  ClipProbe clip_probe;                                 ///< Empty: local clips are not read.
  ltx::PriceTable prices = ltx::PriceTable::Default();  ///< The prices of the estimate.
  std::optional<double> max_cost_usd;                   ///< The cost limit; unset: none.
  std::string max_cost_name = "max_cost_usd";           ///< The limit's name in its finding ("--max-cost").
  /// The endpoint the request goes to, when not the input's own (fal-ltx --endpoint): its price is used.
  std::string endpoint_id;
};

/// A typed input after PrepareInput: nothing uploaded or sent yet.
template <class Input>
struct PreparedInput {
  Input input;                   ///< Finalized and fitted to its clip: what is sent (files still local).
  ValidationReport report;       ///< The clip, fit, validation and cost-limit findings, in that order.
  ltx::CostEstimate cost;        ///< The estimate of `input`.
  std::optional<ClipInfo> clip;  ///< The local clip as read, when there is one and a probe.
};

namespace internal {

// True when EndpointTraits<Input> has the clip hooks: kClipField, Clip(input) and FitToClip(input, clip).
template <class Input, class = void>
struct HasClip : std::false_type {};
template <class Input>
struct HasClip<Input, std::void_t<decltype(EndpointTraits<Input>::kClipField),
                                  decltype(EndpointTraits<Input>::Clip(std::declval<const Input&>())),
                                  decltype(EndpointTraits<Input>::FitToClip(
                                      std::declval<Input&>(), std::declval<const ClipInfo&>()))>>
    : std::true_type {};

// Step 2: reads `file` when it is a local path and a probe is set; a failure becomes an error finding on
// `field` (its loc) that names the file and the probe's reason.
FALCPP_EXPORT std::optional<ClipInfo> ReadClip(const File& file, const char* field, const ClipProbe& probe,
                                               ValidationReport& report);
// Step 5: the estimate, and the cost limit's finding when there is a limit and validation is on.
FALCPP_EXPORT ltx::CostEstimate EstimateAndGuard(const char* endpoint_id, const std::string& body,
                                                 const std::optional<ClipInfo>& clip,
                                                 const PrepareSettings& settings, ValidationReport& report);
FALCPP_EXPORT void Append(ValidationReport& to, ValidationReport&& from);

}  // namespace internal

/// Runs the steps above on a copy of `input`. Pure apart from the probe, which reads the local clip.
///
/// @par Thread safety
/// Safe to call from many threads at once when the probe is.
template <class Input>
PreparedInput<Input> PrepareInput(const Input& input, const PrepareSettings& settings) {
  using Traits = EndpointTraits<Input>;
  PreparedInput<Input> prepared{input, {}, {}, std::nullopt};
  Traits::Finalize(prepared.input);
  const bool checks = settings.validation != ValidationMode::kOff;
  if constexpr (internal::HasClip<Input>::value) {
    ValidationReport read;
    if (const File* file = Traits::Clip(prepared.input); file != nullptr)
      prepared.clip = internal::ReadClip(*file, Traits::kClipField, settings.clip_probe, read);
    if (checks) internal::Append(prepared.report, std::move(read));
    if (checks && prepared.clip)
      internal::Append(prepared.report, Traits::FitToClip(prepared.input, *prepared.clip));
  }
  if (checks) internal::Append(prepared.report, Traits::Validate(prepared.input));
  prepared.cost = internal::EstimateAndGuard(Traits::kEndpointId, Traits::ToJson(prepared.input),
                                             prepared.clip, settings, prepared.report);
  return prepared;
}

}  // namespace fal
