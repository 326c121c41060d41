// Not implemented yet: the API is committed first so that long clips can build against it.
#include "fal/media/media.hpp"

namespace fal::media {

Result<WrittenClip> CutFrames(const std::string&, std::int64_t, std::int64_t, const std::string&, const CutOptions&) {
  return Error(ErrorCode::kInternal, "falcpp::media: not implemented yet");
}

}  // namespace fal::media
