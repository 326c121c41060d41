#include "fal/queue.hpp"

namespace fal {

std::string_view ToString(Priority priority) { return priority == Priority::kLow ? "low" : "normal"; }

std::string_view ToString(JobState state) {
  switch (state) {
    case JobState::kInQueue:
      return "IN_QUEUE";
    case JobState::kInProgress:
      return "IN_PROGRESS";
    case JobState::kCompleted:
      return "COMPLETED";
    case JobState::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view ToString(CancelOutcome outcome) {
  switch (outcome) {
    case CancelOutcome::kCancellationRequested:
      return "cancellation_requested";
    case CancelOutcome::kAlreadyCompleted:
      return "already_completed";
    case CancelOutcome::kNotFound:
      return "not_found";
  }
  return "not_found";
}

}  // namespace fal
