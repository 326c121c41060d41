#include "job_store.hpp"

#include <mutex>

namespace fal::emulator {

void JobStore::Add(std::shared_ptr<Job> job) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  const std::string id = job->spec().request_id;
  jobs_.emplace(id, std::move(job));
}

std::shared_ptr<Job> JobStore::Find(const std::string& request_id) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  const auto it = jobs_.find(request_id);
  return it == jobs_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Job>> JobStore::TakeAll() {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  std::vector<std::shared_ptr<Job>> all;
  all.reserve(jobs_.size());
  for (auto& entry : jobs_) all.push_back(std::move(entry.second));
  jobs_.clear();
  return all;
}

void JobStore::ForEach(const std::function<void(const Job&)>& visit) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  for (const auto& entry : jobs_) visit(*entry.second);
}

}  // namespace fal::emulator
