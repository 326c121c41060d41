#include "fal/ltx/reference_video_to_video.hpp"

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/frame_budget.hpp"
#include "ltx/budgets.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::BodyLoc;
using internal::F;
using ltx::ReferenceVideoToVideoInput;
using ltx::ReferenceVideoToVideoLoraInput;

namespace {

// fal's pages say "requires" for the keyframes and preserve_original_video; skip_control_preprocess without
// a control video is documented as ignored, so that one is a warning.
template <class In>
void CheckDependencies(internal::Checks& c, const In& in) {
  const std::pair<const char*, const std::optional<File>*> keyframes[] = {
      {"mid_image_url", &in.mid_image_url}, {"end_image_url", &in.end_image_url}};
  for (const auto& [key, file] : keyframes) {
    if (file->has_value() && !in.image_url) {
      c.Error(BodyLoc({key}), "value_error",
              std::string(key) +
                  " is set without image_url: a later keyframe requires the first-frame keyframe; set "
                  "image_url too, or leave " +
                  key + " unset");
    }
  }
  const bool skip = in.skip_control_preprocess.value_or(false);
  if (skip && !in.control_video_url) {
    c.Warn(BodyLoc({"skip_control_preprocess"}), "ignored",
           "skip_control_preprocess=true without control_video_url: the server ignores the flag and runs its "
           "own control estimation; set control_video_url to use a pre-computed control video, or leave "
           "skip_control_preprocess unset");
  }
  if (in.preserve_original_video.value_or(false)) {
    std::string missing;
    auto add = [&missing](const char* what) { missing += (missing.empty() ? "" : ", ") + std::string(what); };
    if (!skip) add("skip_control_preprocess=true");
    if (in.video_url.empty()) add("video_url");
    if (!in.control_video_url) add("control_video_url");
    if (!missing.empty()) {
      c.Error(BodyLoc({"preserve_original_video"}), "value_error",
              "preserve_original_video=true requires skip_control_preprocess=true, video_url and "
              "control_video_url; missing: " +
                  missing + ": set them, or leave preserve_original_video unset");
    }
  }
}

template <class In>
void ExtraRules(internal::Checks& c, const In& in) {
  CheckDependencies(c, in);
  internal::CheckReferenceVideoBudget(c, in.resolution, in.num_frames);
}

// The rows of reference-video-to-video, with or without `loras` (the /lora endpoint's only extra field).
template <class In>
internal::EndpointTable<In> ReferenceVideoTable(ltx::EndpointDescription endpoint,
                                                std::vector<ltx::FieldBinding<In>> loras) {
  namespace d = ltx::defaults::reference_video_to_video_lora;
  namespace bounds = internal::bounds;
  using internal::DefaultText;
  std::vector<ltx::FieldBinding<In>> head = {
      F<In>(&In::prompt, "prompt", "what the video shows"),
      F<In>(&In::video_url, "video_url", "the reference video for motion and structure").Flag("video"),
  };
  std::vector<ltx::FieldBinding<In>> rest = {
      F<In>(&In::control_video_url, "control_video_url", "a pre-computed control video (depth, edges, pose)")
          .Flag("control-video"),
      F<In>(&In::skip_control_preprocess, "skip_control_preprocess",
            "use control_video_url as is (ignored without it)")
          .Default(DefaultText(d::kSkipControlPreprocess)),
      F<In>(&In::preserve_original_video, "preserve_original_video",
            "true video-to-video; requires skip_control_preprocess and control_video_url")
          .Default(DefaultText(d::kPreserveOriginalVideo)),
      F<In>(&In::image_url, "image_url", "first-frame keyframe").Flag("image"),
      F<In>(&In::mid_image_url, "mid_image_url", "middle keyframe; requires image_url").Flag("mid-image"),
      F<In>(&In::end_image_url, "end_image_url", "last keyframe; requires image_url").Flag("end-image"),
      F<In>(&In::video_strength, "video_strength", "lower frees the model from the reference")
          .Range(bounds::kUnit.min, bounds::kUnit.max)
          .Default(DefaultText(d::kVideoStrength)),
      F<In>(&In::strength, "strength", "denoise strength; with preserve_original_video the v2v amount")
          .Range(bounds::kUnit.min, bounds::kUnit.max)
          .Default(DefaultText(d::kStrength)),
      F<In>(&In::resolution, "resolution", "auto, a named size or WxH (64-aligned by the server)")
          .Default("auto"),
  };
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(
          internal::Rows<In>(internal::Rows<In>(std::move(head), std::move(loras)), std::move(rest)),
          internal::QualityRows<In>()),
      {internal::soft::kIcLoraAlign, internal::LoraFamily::kQuality}, &ExtraRules<In>);
}

}  // namespace

template <>
const internal::EndpointTable<ReferenceVideoToVideoLoraInput>&
internal::TableOf<ReferenceVideoToVideoLoraInput>() {
  using In = ReferenceVideoToVideoLoraInput;
  static const auto* table = new EndpointTable<In>(ReferenceVideoTable<In>(
      {EndpointTraits<In>::kEndpointId,
       "reference-video-to-video",
       "video from a reference video's motion, a prompt, keyframes and up to 3 LoRAs",
       kReferenceVideoBudgetText,
       {}},
      {F<In>(&In::loras, "loras", "1 to 3 LoRAs: .safetensors URL or local file, optional :SCALE")
           .Flag("lora")}));
  return *table;
}

template <>
const internal::EndpointTable<ReferenceVideoToVideoInput>& internal::TableOf<ReferenceVideoToVideoInput>() {
  using In = ReferenceVideoToVideoInput;
  static const auto* table = new EndpointTable<In>(ReferenceVideoTable<In>(
      {EndpointTraits<In>::kEndpointId,
       "",
       "video from a reference video's motion and structure, a prompt and keyframes (no LoRA)",
       kReferenceVideoBudgetText,
       {}},
      {}));
  return *table;
}

void EndpointTraits<ReferenceVideoToVideoLoraInput>::Finalize(ReferenceVideoToVideoLoraInput& /*input*/) {}
void EndpointTraits<ReferenceVideoToVideoInput>::Finalize(ReferenceVideoToVideoInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(ReferenceVideoToVideoLoraInput, ParseQualityOutput)
FALCPP_LTX_TABLE_TRAITS(ReferenceVideoToVideoInput, ParseQualityOutput)

}  // namespace fal
