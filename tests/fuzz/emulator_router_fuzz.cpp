// fal-emulator's request routing (tools/emulator/router.hpp), which any client may point anything at:
// arbitrary methods and paths never crash it, and what it extracts comes from the path it was given.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "router.hpp"

using fal::emulator::Route;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kMethods[] = {"GET",  "POST",    "PUT",   "DELETE",
                                                  "HEAD", "OPTIONS", "PATCH", "get"};
  const std::string_view method = kMethods[data[0] % 8];
  const std::string_view path(reinterpret_cast<const char*>(data + 1), size - 1);
  const fal::emulator::RouteMatch m = fal::emulator::MatchRoute(method, path);

  FUZZ_CHECK(!fal::emulator::RouteName(m.route).empty(), "a route without a name");
  FUZZ_CHECK(!(fal::emulator::IsQueueRoute(m.route) && fal::emulator::IsStorageRoute(m.route)),
             "a route both queue and storage");
  for (const std::string* part : {&m.endpoint_id, &m.app_id, &m.request_id, &m.upload_id, &m.file_id}) {
    if (part->empty()) continue;
    // Parts are path segments (or segments joined by '/'): taken from the path, never beyond it.
    FUZZ_CHECK(part->size() <= path.size(), "an extracted part longer than the path");
  }
  switch (m.route) {
    case Route::kStatus:
    case Route::kStream:
    case Route::kResult:
    case Route::kCancel:
      FUZZ_CHECK(!m.request_id.empty() && !m.app_id.empty(), "a queue route without its request and app");
      FUZZ_CHECK(path.find(m.request_id) != std::string_view::npos, "a request id that is not in the path");
      break;
    case Route::kSubmit:
      FUZZ_CHECK(method == "POST" && !m.endpoint_id.empty(), "a submit that is not a POST with an endpoint");
      break;
    case Route::kPart:
      FUZZ_CHECK(m.part_number > 0 && !m.upload_id.empty(), "a part without a number or an upload");
      break;
    case Route::kUpload:
    case Route::kComplete:
      FUZZ_CHECK(!m.upload_id.empty(), "an upload route without an upload id");
      break;
    case Route::kFile:
      FUZZ_CHECK(!m.file_id.empty(), "a file route without a file id");
      break;
    default:
      break;
  }
  return 0;
}
