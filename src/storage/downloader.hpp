#pragma once
// The download engine: a GET through the retry loop, streamed chunk by chunk into a sink, or a data URI
// decoded into it; then the size check and the commit (rename into place).

#include <cstdint>
#include <functional>
#include <memory>

#include "fal/storage.hpp"
#include "internal/client_core.hpp"
#include "storage/download_sink.hpp"

namespace fal::internal {

/// Downloads `file` into `sink` and delivers the byte count. `done` runs exactly once, on an engine thread
/// or on the calling thread (data URIs, early errors). On any failure the sink is abandoned first.
void StartDownload(ClientCore& core, const OutputFile& file, std::shared_ptr<DownloadSink> sink,
                   DownloadOptions options, std::function<void(Result<std::uint64_t>)> done);

}  // namespace fal::internal
