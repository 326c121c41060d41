// Not implemented yet: the API is committed first so that long clips can build against it.
#include "fal/media/media.hpp"

namespace fal::media {

Result<WrittenClip> Concat(const std::vector<ConcatPart>&, const std::string&, const ConcatOptions&) {
  return Error(ErrorCode::kInternal, "falcpp::media: not implemented yet");
}

}  // namespace fal::media
