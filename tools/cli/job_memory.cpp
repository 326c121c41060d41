#include "job_memory.hpp"

#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "os.hpp"

namespace fal::cli {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> StateFile() {
  const fs::path dir = os::StateDirectory();
  if (dir.empty()) return std::nullopt;
  return dir / "jobs";
}

std::deque<std::string> ReadLines(const fs::path& file) {
  std::deque<std::string> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace

void RememberJob(const std::string& request_id, const std::string& endpoint_id) {
  const std::optional<fs::path> file = StateFile();
  if (!file) return;
  std::error_code ec;
  fs::create_directories(file->parent_path(), ec);
  if (ec) return;
  const std::string line = request_id + " " + endpoint_id;
  if (fs::file_size(*file, ec) < 100 * kKeptJobs || ec) {
    std::ofstream(*file, std::ios::app) << line << "\n";  // a failed write is ignored, as promised
    return;
  }
  // Too long: keep the newest half, written beside the file and renamed over it.
  std::deque<std::string> lines = ReadLines(*file);
  while (lines.size() >= kKeptJobs / 2) lines.pop_front();
  lines.push_back(line);
  const fs::path temp = file->string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    for (const std::string& l : lines) out << l << "\n";
    if (!out) return;
  }
  fs::rename(temp, *file, ec);
}

std::optional<std::string> RememberedEndpoint(const std::string& request_id) {
  const std::optional<fs::path> file = StateFile();
  if (!file) return std::nullopt;
  const std::deque<std::string> lines = ReadLines(*file);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    std::istringstream fields(*it);
    std::string id, endpoint;
    if (fields >> id >> endpoint && id == request_id) return endpoint;
  }
  return std::nullopt;
}

}  // namespace fal::cli
