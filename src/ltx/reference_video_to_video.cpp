#include "fal/ltx/reference_video_to_video.hpp"

#include <algorithm>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/frame_budget.hpp"
#include "ltx/json_mapping.hpp"
#include "ltx/quality_fields.hpp"
#include "ltx/rules.hpp"

namespace fal {

using internal::BodyLoc;
using internal::Json;
using ltx::ReferenceVideoToVideoLoraInput;

namespace {

Json TypedBody(const ReferenceVideoToVideoLoraInput& in) {
  Json j = Json::object();
  internal::PutRequired(j, "prompt", in.prompt);
  internal::PutRequired(j, "video_url", in.video_url);
  internal::PutRequired(j, "loras", in.loras);
  internal::PutIfSet(j, "control_video_url", in.control_video_url);
  internal::PutIfSet(j, "skip_control_preprocess", in.skip_control_preprocess);
  internal::PutIfSet(j, "preserve_original_video", in.preserve_original_video);
  internal::PutIfSet(j, "image_url", in.image_url);
  internal::PutIfSet(j, "mid_image_url", in.mid_image_url);
  internal::PutIfSet(j, "end_image_url", in.end_image_url);
  internal::PutIfSet(j, "video_strength", in.video_strength);
  internal::PutIfSet(j, "strength", in.strength);
  internal::PutIfSet(j, "resolution", in.resolution);
  internal::PutQualityFields(j, in);
  return j;
}

void CheckDependencies(internal::Checks& c, const ReferenceVideoToVideoLoraInput& in) {
  const std::pair<const char*, const std::optional<File>*> keyframes[] = {
      {"mid_image_url", &in.mid_image_url}, {"end_image_url", &in.end_image_url}};
  for (const auto& [key, file] : keyframes) {
    if (file->has_value() && !in.image_url) {
      c.Error(BodyLoc({key}), "value_error",
              std::string(key) +
                  " is set without image_url: a later keyframe requires the first-frame keyframe; "
                  "set image_url too, or leave " +
                  key + " unset");
    }
  }
  const bool skip = in.skip_control_preprocess.value_or(false);
  if (skip && !in.control_video_url) {
    c.Error(
        BodyLoc({"skip_control_preprocess"}), "value_error",
        "skip_control_preprocess=true without control_video_url: skipping the built-in control estimation "
        "requires a control video (the server ignores the flag without one); set control_video_url, or leave "
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
              "control_video_url; "
              "missing: " +
                  missing + ": set them, or leave preserve_original_video unset");
    }
  }
}

// fal documents about 150 frames at a 720p-class size and has said both "capped" and "422" above it, so this
// is a warning: the request may still succeed with a shorter video.
void CheckBudget(internal::Checks& c, const ReferenceVideoToVideoLoraInput& in) {
  const std::optional<ltx::ImageSize> size = internal::NominalSize(in.resolution);
  if (!size || !in.num_frames) return;
  if (std::min(size->width, size->height) < internal::soft::kClass720pShortSide) return;
  const int limit = ltx::kReferenceVideoMaxFrames720pClass;
  if (*in.num_frames <= limit) return;
  c.Warn(BodyLoc({"num_frames"}), "budget_exceeded",
         "num_frames=" + std::to_string(*in.num_frames) + " is over the budget of about " +
             std::to_string(limit) + " frames at a 720p-class size (" + ltx::ToString(*in.resolution) +
             "): the server may cap the video at about " + std::to_string(limit) +
             " frames or reject the request with a 422; lower num_frames to " +
             std::to_string(internal::FloorToFrameGrid(limit)) + " or less, or use a smaller resolution");
}

}  // namespace

void EndpointTraits<ReferenceVideoToVideoLoraInput>::Finalize(ReferenceVideoToVideoLoraInput& /*input*/) {}

ValidationReport EndpointTraits<ReferenceVideoToVideoLoraInput>::Validate(
    const ReferenceVideoToVideoLoraInput& in) {
  internal::Checks c;
  internal::CheckRequiredText(c, BodyLoc({"prompt"}), in.prompt, "a prompt that describes the video");
  internal::CheckFile(c, BodyLoc({"video_url"}), in.video_url, /*required=*/true);
  internal::CheckLoras(c, in.loras, internal::LoraFamily::kQuality);
  internal::CheckTriggerForLoras(c, in.prompt, in.loras);
  internal::CheckOptionalFile(c, BodyLoc({"control_video_url"}), in.control_video_url);
  internal::CheckOptionalFile(c, BodyLoc({"image_url"}), in.image_url);
  internal::CheckOptionalFile(c, BodyLoc({"mid_image_url"}), in.mid_image_url);
  internal::CheckOptionalFile(c, BodyLoc({"end_image_url"}), in.end_image_url);
  CheckDependencies(c, in);
  internal::CheckRange(c, BodyLoc({"video_strength"}), in.video_strength, internal::bounds::kUnit);
  internal::CheckRange(c, BodyLoc({"strength"}), in.strength, internal::bounds::kUnit);
  internal::CheckSize(c, BodyLoc({"resolution"}), in.resolution, internal::soft::kIcLoraAlign);
  internal::CheckQualityFields(c, in);
  CheckBudget(c, in);
  std::vector<internal::ExtraEnum> enums = internal::QualityExtraEnums();
  enums.push_back(internal::SizeKey("resolution", /*allow_auto=*/true));
  internal::CheckExtraJson(c, TypedBody(in), in.extra_json, enums);
  return c.Take();
}

std::vector<File*> EndpointTraits<ReferenceVideoToVideoLoraInput>::Files(
    ReferenceVideoToVideoLoraInput& input) {
  std::vector<File*> files{&input.video_url};
  for (std::optional<File>* f :
       {&input.control_video_url, &input.image_url, &input.mid_image_url, &input.end_image_url}) {
    if (f->has_value()) files.push_back(&**f);
  }
  return files;
}

std::string EndpointTraits<ReferenceVideoToVideoLoraInput>::ToJson(
    const ReferenceVideoToVideoLoraInput& input) {
  Json body = TypedBody(input);
  internal::MergeExtraJson(body, input.extra_json);
  return internal::DumpBody(body);
}

Result<ltx::ReferenceVideoToVideoLoraOutput> EndpointTraits<ReferenceVideoToVideoLoraInput>::ParseOutput(
    const std::string& json) {
  return internal::ParseQualityOutput(json, kEndpointId);
}

}  // namespace fal
