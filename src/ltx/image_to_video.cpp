#include "fal/ltx/image_to_video.hpp"

#include "ltx/json_mapping.hpp"
#include "ltx/quality_fields.hpp"
#include "ltx/rules.hpp"

namespace fal {

using internal::BodyLoc;
using internal::Json;
using ltx::ImageToVideoInput;

namespace {

Json TypedBody(const ImageToVideoInput& in) {
  Json j = Json::object();
  internal::PutRequired(j, "prompt", in.prompt);
  internal::PutRequired(j, "image_url", in.image_url);
  internal::PutIfSet(j, "resolution", in.resolution);
  internal::PutIfSet(j, "image_strength", in.image_strength);
  internal::PutQualityFields(j, in);
  return j;
}

}  // namespace

void EndpointTraits<ImageToVideoInput>::Finalize(ImageToVideoInput& /*input*/) {}

ValidationReport EndpointTraits<ImageToVideoInput>::Validate(const ImageToVideoInput& in) {
  internal::Checks c;
  internal::CheckRequiredText(c, BodyLoc({"prompt"}), in.prompt, "a prompt that describes the motion");
  internal::CheckFile(c, BodyLoc({"image_url"}), in.image_url, /*required=*/true);
  internal::CheckSize(c, BodyLoc({"resolution"}), in.resolution, internal::soft::kAlign);
  internal::CheckRange(c, BodyLoc({"image_strength"}), in.image_strength, internal::bounds::kUnit);
  internal::CheckQualityFields(c, in);
  std::vector<internal::ExtraEnum> enums = internal::QualityExtraEnums();
  enums.push_back(internal::SizeKey("resolution", /*allow_auto=*/true));
  internal::CheckExtraJson(c, TypedBody(in), in.extra_json, enums);
  return c.Take();
}

std::vector<File*> EndpointTraits<ImageToVideoInput>::Files(ImageToVideoInput& input) {
  return {&input.image_url};
}

std::string EndpointTraits<ImageToVideoInput>::ToJson(const ImageToVideoInput& input) {
  Json body = TypedBody(input);
  internal::MergeExtraJson(body, input.extra_json);
  return internal::DumpBody(body);
}

Result<ltx::ImageToVideoOutput> EndpointTraits<ImageToVideoInput>::ParseOutput(const std::string& json) {
  return internal::ParseQualityOutput(json, kEndpointId);
}

}  // namespace fal
