// The state file of a long clip run: which arguments it belongs to, and per segment the request id of the
// job that fal runs or ran for it and whether its output is downloaded. Plain JSON, rewritten whole on
// every change (a temporary file, then a rename over the old one), so that a crash leaves the old or the
// new file, never half of one. Small: a few lines per segment.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "fal/result.hpp"

namespace fal::long_clip {

struct SegmentRecord {
  std::string request_id;  // empty: nothing in flight for it
  bool done = false;       // its output is downloaded (the path is fixed by the run)
  std::string output_url;  // where fal put its output (to download again if the part is lost)
};

class SplitState {
 public:
  // Opens `path`: a missing file starts a new run; a file of the same `arguments` resumes it; a file of
  // other arguments, or one that does not parse, is kInvalidArgument (the message says how to start over).
  static Result<SplitState> Open(std::string path, std::string arguments, std::size_t segments);

  SegmentRecord Get(std::size_t index) const;
  // Changes one segment and rewrites the file before returning.
  Result<void> Set(std::size_t index, SegmentRecord record);
  // Removes the file (the run is over).
  void Remove() const;

  const std::string& path() const { return path_; }

  SplitState(SplitState&& other) noexcept;

 private:
  SplitState(std::string path, std::string arguments, std::vector<SegmentRecord> segments);
  Result<void> WriteLocked() const;

  std::string path_;
  std::string arguments_;
  std::vector<SegmentRecord> segments_;
  mutable std::mutex mu_;
};

}  // namespace fal::long_clip
