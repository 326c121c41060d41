#pragma once
// The order a job's states go in: a wait that reports a state before an earlier one has gone backwards.

#include "fal/queue.hpp"

namespace fal::test_support {

/// IN_QUEUE 0, IN_PROGRESS 1, COMPLETED 2; -1 for a state fal may add later.
inline int StateRank(JobState s) {
  switch (s) {
    case JobState::kInQueue:
      return 0;
    case JobState::kInProgress:
      return 1;
    case JobState::kCompleted:
      return 2;
    default:
      return -1;
  }
}

}  // namespace fal::test_support
