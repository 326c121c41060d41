#pragma once
// Automatic upload of a typed request's local files before it is submitted.

#include <functional>
#include <vector>

#include "fal/file.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"
#include "fal/storage.hpp"
#include "internal/client_core.hpp"

namespace fal::internal {

/// Replaces every File that is a local path or bytes with the URL of its upload, or with a data URI when
/// ClientOptions::inline_files_below says it is small enough (read on this thread). The uploads run on the
/// engine, several at once within ClientOptions::max_concurrent_uploads (shared by every request of the
/// client); this call returns at once. On any failure the other uploads are cancelled, the files are left as
/// they were, and the error names the file. `done` runs once: on an engine thread, or on this thread when
/// nothing needed uploading or a file failed before anything was sent. The files must stay alive until then.
void UploadInputsAsync(ClientCore& core, const std::vector<File*>& files, const CallOptions& call,
                       std::function<void(Result<void>)> done);

/// The blocking form of UploadInputsAsync (for PrepareBody). Refuses (kInternal) on an engine thread when
/// a file needs uploading.
Result<void> UploadInputs(ClientCore& core, const std::vector<File*>& files, const CallOptions& call);

/// Upload options for a File: its content type and file name, unless `options` already set them.
UploadOptions OptionsForFile(const File& file, UploadOptions options);

}  // namespace fal::internal
