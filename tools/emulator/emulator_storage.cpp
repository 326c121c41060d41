// Storage routes: initiate, single and multipart uploads to signed URLs, complete, and file downloads
// with Range support. None of them needs Authorization; requests that carry one anyway are counted
// (authorization_on_storage), because a client must never send its fal key to a storage host.
#include "body_delivery.hpp"
#include "connection_control.hpp"
#include "direct_body_reader.hpp"
#include "emulator.hpp"

namespace fal::emulator {
namespace {

std::shared_ptr<BodySource> BodyOf(const Blob& blob) {
  if (blob.memory) return MemoryBody(blob.memory, blob.size);
  if (blob.parts.empty()) return FileBody(blob.path, blob.size);
  std::vector<std::shared_ptr<BodySource>> parts;
  for (const auto& part : blob.parts) parts.push_back(BodyOf(*part));
  return ConcatBody(std::move(parts));
}

}  // namespace

void Emulator::HandleInitiate(Exchange& ex) {
  ReadBody(ex);
  const nlohmann::json body = nlohmann::json::parse(ex.body, nullptr, false);
  auto field = [&body](const char* name) {
    return body.is_object() && body.contains(name) && body[name].is_string() ? body[name].get<std::string>()
                                                                             : std::string();
  };
  const UploadTicket ticket =
      storage_->Initiate(BaseUrl(ex.req), field("content_type"), field("file_name"), ex.match.multipart);
  ReplyJson(ex, 200, {{"upload_url", ticket.upload_url}, {"file_url", ticket.file_url}});
}

bool Emulator::CheckUploadUrl(Exchange& ex) {
  const std::string& id = ex.match.upload_id;
  if (!storage_->KnowsUpload(id)) {
    DrainBody(ex);
    ReplyJson(ex, 404, {{"detail", "Unknown upload: initiate one with POST /storage/upload/initiate"}});
    return false;
  }
  if (auto error = storage_->CheckSignature(id, ex.req.get_param_value("X-Emulator-Expires"),
                                            ex.req.get_param_value("X-Emulator-Signature"))) {
    DrainBody(ex);
    ReplyJson(ex, error->http_status, {{"detail", error->detail}});
    return false;
  }
  return true;
}

std::unique_ptr<BlobWriter> Emulator::ReceiveUpload(Exchange& ex) {
  auto writer = storage_->NewWriter(journal_ != nullptr);
  if (!ex.reader) return writer;
  const bool ok = ReadRequestBody(
      ex.req, *ex.reader,
      [this, &writer](const char* data, std::size_t size) {
        stats_.BytesUploaded(size);
        return writer->Write(data, size);
      },
      stop_);
  ex.body_read = true;
  ex.body_size = writer->size();
  ex.body_sha256 = writer->Sha256Hex();
  if (!ok) return nullptr;
  return writer;
}

bool Emulator::RefuseFormData(Exchange& ex) {
  if (!ex.req.is_multipart_form_data()) return false;
  DrainBody(ex);
  ReplyJson(ex, 400, {{"detail", "Send the file's raw bytes as the body, not multipart/form-data"}});
  return true;
}

void Emulator::HandleUpload(Exchange& ex) {
  if (!CheckUploadUrl(ex) || RefuseFormData(ex)) return;
  auto writer = ReceiveUpload(ex);
  if (!writer) {
    ReplyJson(ex, 400, {{"detail", "The upload body could not be read or stored"}});
    return;
  }
  if (ex.match.route == Route::kUpload) {
    if (auto error =
            storage_->CommitUpload(ex.match.upload_id, *writer, ex.req.get_header_value("Content-Type"))) {
      ReplyJson(ex, error->http_status, {{"detail", error->detail}});
      return;
    }
    ex.res.status = 200;
    return;
  }
  StorePart(ex, *writer);
}

void Emulator::StorePart(Exchange& ex, BlobWriter& writer) {
  auto part = storage_->CommitPart(ex.match.upload_id, ex.match.part_number, writer);
  if (auto* error = std::get_if<StorageError>(&part)) {
    ReplyJson(ex, error->http_status, {{"detail", error->detail}});
    return;
  }
  const std::string& etag = std::get<std::string>(part);
  // JS reads the etag from the JSON body, Python from the ETag header: answer both.
  ex.res.set_header("ETag", "\"" + etag + "\"");
  ReplyJson(ex, 200, {{"partNumber", ex.match.part_number}, {"etag", etag}});
}

void Emulator::HandleComplete(Exchange& ex) {
  if (CheckUploadUrl(ex)) CompleteUpload(ex, "file_url");
}

// Both protocols' complete: the part list in the body; the answer names the file under `url_field`.
void Emulator::CompleteUpload(Exchange& ex, const char* url_field) {
  ReadBody(ex);
  const nlohmann::json body = nlohmann::json::parse(ex.body, nullptr, false);
  auto done = storage_->Complete(ex.match.upload_id, body);
  if (auto* error = std::get_if<StorageError>(&done)) {
    ReplyJson(ex, error->http_status, {{"detail", error->detail}});
    return;
  }
  ReplyJson(ex, 200, {{url_field, BaseUrl(ex.req) + std::get<std::string>(done)}});
}

void Emulator::HandleFile(Exchange& ex) {
  auto file = storage_->Find(ex.match.file_id);
  if (!file) {
    ReplyJson(ex, 404, {{"detail", "File not found"}});
    return;
  }
  const DeliveryPlan plan = DeliveryPlan::From(ex.fault, random_.NextU64());
  if (plan.affects_body()) ex.fault_handled = true;
  const Blob& blob = *file->blob;
  std::shared_ptr<BodySource> body = BodyOf(blob);
  ex.res.set_header("Accept-Ranges", "bytes");

  const ByteRange range = ResolveByteRange(ex.req.ranges, blob.size);
  // The Range header is answered here, so httplib must not apply it again: the Request is httplib's own
  // non-const object, handed to handlers as const.
  const_cast<httplib::Request&>(ex.req).ranges.clear();
  const std::string total = std::to_string(blob.size);
  switch (range.kind) {
    case ByteRange::Kind::kUnsatisfiable:
      ex.res.status = 416;
      ex.res.set_header("Content-Range", "bytes */" + total);
      return;
    case ByteRange::Kind::kPartial:
      ex.res.status = 206;
      ex.res.set_header("Content-Range", "bytes " + std::to_string(range.start) + "-" +
                                             std::to_string(range.start + range.length - 1) + "/" + total);
      body = SliceOf(std::move(body), range.start, range.length);
      break;
    case ByteRange::Kind::kWhole:
      ex.res.status = 200;
      break;
  }
  DeliverBody(ex.res, ConnectionId::Of(ex.req), std::move(body), file->content_type, plan, stop_,
              [this](std::uint64_t n) { stats_.BytesDownloaded(n); });
}

}  // namespace fal::emulator
