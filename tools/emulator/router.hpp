// Maps a method and path to a route. One base URL serves fal's queue, run and rest hosts plus the
// emulator's own upload, file and control paths, so the routes are told apart by shape:
//   POST /{endpoint id}                                 submit
//   GET  /{ns/}{owner}/{alias}/requests/{id}/status     status (a trailing slash is accepted)
//   GET  /{ns/}{owner}/{alias}/requests/{id}/status/stream
//   GET  /{ns/}{owner}/{alias}/requests/{id}           result
//   PUT  /{ns/}{owner}/{alias}/requests/{id}/cancel    cancel
//   POST /storage/upload/initiate[-multipart]           initiate
//   PUT  /uploads/{id}          upload        PUT /uploads/{id}/{n}  part     POST /uploads/{id}/complete
//   GET  /files/{id}/{name}     file          GET /.well-known/jwks.json     jwks
//   POST /storage/auth/token                            token (CDN v3, fal's Python client)
//   POST /files/upload          cdn-upload    POST /files/upload/multipart   cdn-multipart
//   PUT  /files/{id}/{name}/multipart/{upload id}/{n}   cdn-part
//   POST /files/{id}/{name}/multipart/{upload id}/complete                 cdn-complete
//   *    /_emulator/...         control
// Pure function of its input, so it is cheap and easy to fuzz.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace fal::emulator {

enum class Route {
  kSubmit,
  kStatus,
  kStream,
  kResult,
  kCancel,
  kInitiate,
  kUpload,
  kPart,
  kComplete,
  kFile,
  kCdnToken,
  kCdnUpload,
  kCdnMultipart,
  kCdnPart,
  kCdnComplete,
  kWebhook,  // not an HTTP route: outgoing deliveries, named so faults and stats can refer to them
  kJwks,
  kControl,
  kUnknown,
};

inline constexpr std::size_t kRouteCount = static_cast<std::size_t>(Route::kUnknown) + 1;

std::string_view RouteName(Route route);
// The routes a fault plan may name, in the order documented.
const std::array<Route, 16>& FaultableRoutes();
bool IsQueueRoute(Route route);    // needs Authorization when --api-key is set, answers x-fal-request-id
bool IsStorageRoute(Route route);  // signed-URL routes: never need Authorization
bool IsCdnRoute(Route route);      // CDN v3 routes: need a CDN token (Bearer), never the API key

struct RouteMatch {
  Route route = Route::kUnknown;
  std::string endpoint_id;  // submit: the full endpoint id
  std::string app_id;       // status/stream/result/cancel: [namespace/]owner/alias
  std::string request_id;
  std::string upload_id;      // upload/part/complete; cdn-part/cdn-complete: the file id of the access URL
  std::string cdn_upload_id;  // cdn-part/cdn-complete: the uploadId that multipart create returned
  int part_number = 0;        // part
  bool multipart = false;     // initiate: initiate-multipart
  std::string file_id;        // file
  std::string control;        // control: the path after /_emulator/
};

RouteMatch MatchRoute(std::string_view method, std::string_view path);

}  // namespace fal::emulator
