#pragma once
// The upload engine: initiate on the rest host, then one PUT to the signed URL, or parts in parallel and a
// complete. Every request goes through the retry loop (internal::Execute); each part is retried on its own.

#include <functional>
#include <memory>
#include <string>

#include "fal/storage.hpp"
#include "internal/client_core.hpp"
#include "storage/upload_source.hpp"

namespace fal::internal {

/// The rules an upload's options follow (part size, parallelism, lifecycle): kInvalidArgument naming the
/// option. StartUpload applies them; a caller that needs the options first (a stream's part size) too.
Result<void> CheckUploadOptions(const UploadOptions& options);

/// Uploads `source` and delivers the file URL. `done` runs exactly once: on an engine thread, or on the
/// calling thread when the upload fails before anything is sent. Every request the upload made has
/// finished by then.
void StartUpload(ClientCore& core, std::unique_ptr<UploadSource> source, UploadOptions options,
                 std::function<void(Result<std::string>)> done);

}  // namespace fal::internal
