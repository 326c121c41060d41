// CDN v3 routes, as fal's Python client uses them (its default upload path): a bearer token from
// POST /storage/auth/token, then uploads straight to the CDN base the token came with. The bytes land in
// the same file store as the signed-URL uploads, so the files are served, counted and journalled alike.
#include "emulator.hpp"
#include "time_util.hpp"

namespace fal::emulator {
namespace {

const char* const kCdnStorageType = "fal-cdn-v3";

}  // namespace

void Emulator::CountCredentialLeaks(const Exchange& ex) {
  const Route route = ex.match.route;
  if (!ex.req.has_header("Authorization")) return;
  const std::string authorization = ex.req.get_header_value("Authorization");
  // Signed URLs and downloads need nothing; the CDN needs its token, so the API key there is a leak.
  if (IsStorageRoute(route) || (IsCdnRoute(route) && authorization.rfind("Key ", 0) == 0)) {
    stats_.CountAuthorizationOnStorage();
  }
  // A CDN token belongs to the CDN base it came with and nowhere else.
  if (!IsCdnRoute(route) && cdn_tokens_.Minted(authorization)) stats_.CountCdnTokenOffCdn();
}

void Emulator::HandleCdnToken(Exchange& ex) {
  ReadBody(ex);
  const std::string storage_type = ex.req.get_param_value("storage_type");
  if (storage_type != kCdnStorageType) {
    ReplyJson(ex, 400,
              {{"detail", "Unsupported storage_type '" + storage_type + "': use ?storage_type=fal-cdn-v3"}});
    return;
  }
  const CdnToken minted = cdn_tokens_.Mint();
  ReplyJson(ex, 200,
            {{"token", minted.token},
             {"token_type", "Bearer"},
             {"base_url", BaseUrl(ex.req)},
             {"expires_at", IsoUtcTimestamp(minted.expires_at)}});
}

bool Emulator::CheckCdnToken(Exchange& ex) {
  const std::string authorization = ex.req.get_header_value("Authorization");
  if (ex.fault && ex.fault->action == FaultAction::kExpireToken) {
    cdn_tokens_.Expire(authorization);
    ex.fault_handled = true;
  }
  if (auto error = cdn_tokens_.Check(authorization)) {
    DrainBody(ex);
    ReplyJson(ex, error->http_status, {{"detail", error->detail}});
    return false;
  }
  return true;
}

// A part or complete names the upload twice: the file id in the access URL and the uploadId.
bool Emulator::CheckCdnUpload(Exchange& ex) {
  if (!storage_->KnowsUpload(ex.match.upload_id) ||
      !storage_->CheckCdnUploadId(ex.match.upload_id, ex.match.cdn_upload_id)) {
    DrainBody(ex);
    ReplyJson(ex, 404,
              {{"detail",
                "Unknown multipart upload: use {access_url}/multipart/{uploadId}/... exactly as "
                "POST /files/upload/multipart returned them"}});
    return false;
  }
  return true;
}

void Emulator::HandleCdnUpload(Exchange& ex) {
  if (!CheckCdnToken(ex) || RefuseFormData(ex)) return;
  const std::string content_type = ex.req.get_header_value("Content-Type");
  const UploadTicket ticket =
      storage_->Initiate(BaseUrl(ex.req), content_type, ex.req.get_header_value("X-Fal-File-Name"), false);
  auto writer = ReceiveUpload(ex);
  if (!writer) {
    ReplyJson(ex, 400, {{"detail", "The upload body could not be read or stored"}});
    return;
  }
  if (auto error = storage_->CommitUpload(ticket.id, *writer, content_type)) {
    ReplyJson(ex, error->http_status, {{"detail", error->detail}});
    return;
  }
  ReplyJson(ex, 200, {{"access_url", ticket.file_url}});
}

void Emulator::HandleCdnMultipart(Exchange& ex) {
  if (!CheckCdnToken(ex)) return;
  DrainBody(ex);  // fal's clients send none
  const UploadTicket ticket = storage_->Initiate(BaseUrl(ex.req), ex.req.get_header_value("Content-Type"),
                                                 ex.req.get_header_value("X-Fal-File-Name"), true);
  ReplyJson(ex, 200, {{"access_url", ticket.file_url}, {"uploadId", storage_->CdnUploadId(ticket.id)}});
}

void Emulator::HandleCdnPart(Exchange& ex) {
  if (!CheckCdnToken(ex) || !CheckCdnUpload(ex) || RefuseFormData(ex)) return;
  auto writer = ReceiveUpload(ex);
  if (!writer) {
    ReplyJson(ex, 400, {{"detail", "The part's body could not be read or stored"}});
    return;
  }
  StorePart(ex, *writer);
}

void Emulator::HandleCdnComplete(Exchange& ex) {
  if (CheckCdnToken(ex) && CheckCdnUpload(ex)) CompleteUpload(ex, "access_url");
}

}  // namespace fal::emulator
