#include "body_delivery.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <random>
#include <vector>

namespace fal::emulator {
namespace {

constexpr std::size_t kChunk = 256 * 1024;

class StringSource final : public BodySource {
 public:
  explicit StringSource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t length) const override {
    if (offset >= bytes_.size()) return 0;
    const std::size_t n = std::min<std::size_t>(length, bytes_.size() - offset);
    std::memcpy(out, bytes_.data() + offset, n);
    return n;
  }

 private:
  std::string bytes_;
};

class MemorySource final : public BodySource {
 public:
  MemorySource(const unsigned char* data, std::size_t size) : data_(data), size_(size) {}
  std::uint64_t size() const override { return size_; }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t length) const override {
    if (offset >= size_) return 0;
    const std::size_t n = std::min<std::size_t>(length, size_ - offset);
    std::memcpy(out, data_ + offset, n);
    return n;
  }

 private:
  const unsigned char* data_;
  std::size_t size_;
};

class FileSource final : public BodySource {
 public:
  FileSource(const std::string& path, std::uint64_t size)
      : fd_(open(path.c_str(), O_RDONLY | O_CLOEXEC)), size_(size) {}
  ~FileSource() override {
    if (fd_ >= 0) close(fd_);
  }
  std::uint64_t size() const override { return size_; }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t length) const override {
    if (fd_ < 0 || offset >= size_) return 0;
    const ssize_t n =
        pread(fd_, out, std::min<std::uint64_t>(length, size_ - offset), static_cast<off_t>(offset));
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }

 private:
  int fd_;
  std::uint64_t size_;
};

class SliceSource final : public BodySource {
 public:
  SliceSource(std::shared_ptr<BodySource> source, std::uint64_t start, std::uint64_t length)
      : source_(std::move(source)), start_(start), length_(length) {}
  std::uint64_t size() const override { return length_; }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t length) const override {
    if (offset >= length_) return 0;
    return source_->Read(start_ + offset, out, std::min<std::uint64_t>(length, length_ - offset));
  }

 private:
  std::shared_ptr<BodySource> source_;
  std::uint64_t start_;
  std::uint64_t length_;
};

class ConcatSource final : public BodySource {
 public:
  explicit ConcatSource(std::vector<std::shared_ptr<BodySource>> parts) : parts_(std::move(parts)) {
    for (const auto& part : parts_) {
      starts_.push_back(size_);
      size_ += part->size();
    }
  }
  std::uint64_t size() const override { return size_; }
  // Reads from the one part that holds `offset`, up to its end; the caller asks again for the rest.
  std::size_t Read(std::uint64_t offset, char* out, std::size_t length) const override {
    if (offset >= size_) return 0;
    // The last part starting at or before offset (empty parts share a start with the next one).
    const auto at = std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin() - 1;
    const std::uint64_t inside = offset - starts_[static_cast<std::size_t>(at)];
    return parts_[static_cast<std::size_t>(at)]->Read(inside, out, length);
  }

 private:
  std::vector<std::shared_ptr<BodySource>> parts_;
  std::vector<std::uint64_t> starts_;
  std::uint64_t size_ = 0;
};

// Per-response delivery state, shared by the provider's calls.
struct Delivery {
  std::shared_ptr<BodySource> body;
  DeliveryPlan plan;
  ConnectionId connection;
  const StopSignal* stop;
  std::function<void(std::uint64_t)> on_sent;
  std::uint64_t sent = 0;
  std::uint64_t cut_at = 0;
  bool cut_done = false;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::vector<char> buffer;
};

}  // namespace

std::shared_ptr<BodySource> StringBody(std::string bytes) {
  return std::make_shared<StringSource>(std::move(bytes));
}

std::shared_ptr<BodySource> ConcatBody(std::vector<std::shared_ptr<BodySource>> parts) {
  return std::make_shared<ConcatSource>(std::move(parts));
}

std::shared_ptr<BodySource> SliceOf(std::shared_ptr<BodySource> source, std::uint64_t start,
                                    std::uint64_t length) {
  return std::make_shared<SliceSource>(std::move(source), start, length);
}

ByteRange ResolveByteRange(const httplib::Ranges& ranges, std::uint64_t size) {
  ByteRange range;
  if (ranges.size() != 1) return range;
  const auto [first, last] = ranges[0];  // httplib: (-1, N) is the suffix "-N", (a, -1) is "a-"
  range.kind = ByteRange::Kind::kUnsatisfiable;
  if (size == 0) return range;
  std::uint64_t start = 0;
  std::uint64_t end = size - 1;
  if (first < 0) {
    if (last <= 0) return range;
    const auto suffix = static_cast<std::uint64_t>(last);
    start = suffix >= size ? 0 : size - suffix;
  } else {
    start = static_cast<std::uint64_t>(first);
    if (last >= 0) end = std::min<std::uint64_t>(static_cast<std::uint64_t>(last), size - 1);
    if (start >= size || start > end) return range;
  }
  range.kind = ByteRange::Kind::kPartial;
  range.start = start;
  range.length = end - start + 1;
  return range;
}

std::shared_ptr<BodySource> MemoryBody(const unsigned char* data, std::size_t size) {
  return std::make_shared<MemorySource>(data, size);
}

std::shared_ptr<BodySource> FileBody(const std::string& path, std::uint64_t size) {
  return std::make_shared<FileSource>(path, size);
}

std::string GarbageBytes(std::size_t length, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::string out(length, '\0');
  for (char& c : out) c = static_cast<char>(engine() & 0xff);
  // Start with bytes that cannot begin JSON, an SSE field or an MP4 box header.
  const char prefix[] = {'\x00', '\xff', '\xfe', '<', '!'};
  for (std::size_t i = 0; i < std::min(length, sizeof prefix); ++i) out[i] = prefix[i];
  return out;
}

DeliveryPlan DeliveryPlan::From(const std::optional<Fault>& fault, std::uint64_t seed) {
  DeliveryPlan plan;
  if (!fault) return plan;
  switch (fault->action) {
    case FaultAction::kResetMidBody:
      plan.cut = Cut::kReset;
      break;
    case FaultAction::kCloseMidBody:
      plan.cut = Cut::kClose;
      break;
    case FaultAction::kStallMidBody:
      plan.cut = Cut::kStall;
      plan.stall_ms = fault->amount;
      if (fault->after_bytes >= 0) plan.cut_after = static_cast<std::uint64_t>(fault->after_bytes);
      return plan;
    case FaultAction::kSlow:
      plan.bytes_per_second = static_cast<std::uint64_t>(std::max<std::int64_t>(1, fault->amount));
      return plan;
    case FaultAction::kGarbage:
      plan.garbage = true;
      plan.garbage_seed = seed;
      return plan;
    default:
      return plan;
  }
  if (fault->amount >= 0) plan.cut_after = static_cast<std::uint64_t>(fault->amount);
  return plan;
}

void DeliverBody(httplib::Response& res, const ConnectionId& connection, std::shared_ptr<BodySource> body,
                 const std::string& content_type, const DeliveryPlan& plan, const StopSignal& stop,
                 std::function<void(std::uint64_t)> on_sent) {
  auto delivery = std::make_shared<Delivery>();
  delivery->plan = plan;
  delivery->connection = connection;
  delivery->stop = &stop;
  delivery->on_sent = std::move(on_sent);
  const std::uint64_t size = body->size();
  if (plan.garbage) body = StringBody(GarbageBytes(static_cast<std::size_t>(size), plan.garbage_seed));
  delivery->body = std::move(body);
  delivery->cut_at = plan.cut_after.value_or(size / 2);

  if (size == 0) {
    res.set_content("", content_type);
    return;
  }
  res.set_content_provider(
      static_cast<std::size_t>(size), content_type,
      [delivery](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        Delivery& d = *delivery;
        std::size_t want = std::min(length, kChunk);
        if (d.plan.bytes_per_second > 0) {
          // Twenty slices a second keeps the pace smooth without a syscall per byte.
          want = std::min<std::size_t>(want, std::max<std::uint64_t>(1, d.plan.bytes_per_second / 20));
        }
        const bool cutting = d.plan.cut != DeliveryPlan::Cut::kNone && !d.cut_done;
        if (cutting && d.sent + want > d.cut_at) want = static_cast<std::size_t>(d.cut_at - d.sent);
        if (want > 0) {
          d.buffer.resize(want);
          const std::size_t n = d.body->Read(offset, d.buffer.data(), want);
          if (n == 0) return false;
          if (d.plan.bytes_per_second > 0) {
            // Hold each slice until the rate allows all bytes up to its end: the last byte leaves at
            // size / rate, never earlier.
            const auto due =
                d.started + std::chrono::microseconds((d.sent + n) * 1000000 / d.plan.bytes_per_second);
            const auto wait = due - std::chrono::steady_clock::now();
            if (wait.count() > 0 && !d.stop->SleepFor(wait)) return false;
          }
          if (!sink.write(d.buffer.data(), n)) return false;
          d.sent += n;
          if (d.on_sent) d.on_sent(n);
        }
        if (cutting && d.sent >= d.cut_at) {
          d.cut_done = true;
          switch (d.plan.cut) {
            case DeliveryPlan::Cut::kReset:
              ResetConnection(d.connection);
              return false;
            case DeliveryPlan::Cut::kClose:
              CloseConnection(d.connection);
              return false;
            case DeliveryPlan::Cut::kStall:
              return d.stop->SleepFor(std::chrono::milliseconds(d.plan.stall_ms));
            case DeliveryPlan::Cut::kNone:
              break;
          }
        }
        return true;
      });
}

}  // namespace fal::emulator
