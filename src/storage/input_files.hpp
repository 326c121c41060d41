#pragma once
// Automatic upload of a typed request's local files before it is submitted.

#include <vector>

#include "fal/file.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"
#include "fal/storage.hpp"
#include "internal/client_core.hpp"

namespace fal::internal {

/// Replaces every File that is a local path or bytes with the URL of its upload (all uploads run at once),
/// or with a data URI when ClientOptions::inline_files_below says it is small enough. On any failure the
/// other uploads are cancelled, the files are left as they were, and the error names the file.
/// Blocking: refuses (kInternal) on an engine thread.
Result<void> UploadInputs(ClientCore& core, const std::vector<File*>& files, const CallOptions& call);

/// Upload options for a File: its content type and file name, unless `options` already set them.
UploadOptions OptionsForFile(const File& file, UploadOptions options);

}  // namespace fal::internal
