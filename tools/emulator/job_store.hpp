// Every job by request id. Lookups take a shared lock for the time of one hash-map probe; nothing is
// held while a request is answered.
#pragma once

#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "job.hpp"

namespace fal::emulator {

class JobStore {
 public:
  void Add(std::shared_ptr<Job> job);
  std::shared_ptr<Job> Find(const std::string& request_id) const;
  // Empties the store and returns what it held (POST /_emulator/reset).
  std::vector<std::shared_ptr<Job>> TakeAll();
  void ForEach(const std::function<void(const Job&)>& visit) const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Job>> jobs_;
};

}  // namespace fal::emulator
