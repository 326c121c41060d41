// Validation modes through fal::ApplyValidationMode, and a server 422 mapped into the same shape.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fal/ltx/frame_budget.hpp"
#include "fal/validation.hpp"
#include "ltx_test_util.hpp"

namespace fal {
namespace {

using ltx::test::Json;

ValidationReport ReportWithError() {
  ltx::RenderToRealInput in = ltx::test::ValidRenderToReal();
  in.num_frames = 200;             // budget error
  in.guidance_scale = 30;          // range error
  in.enable_detail_refine = true;  // price warning
  return EndpointTraits<ltx::RenderToRealInput>::Validate(in);
}

ValidationReport ReportWithWarningsOnly() {
  ltx::RenderToRealInput in = ltx::test::ValidRenderToReal();
  in.num_frames = 100;  // not 8k+1
  in.enable_detail_refine = true;
  return EndpointTraits<ltx::RenderToRealInput>::Validate(in);
}

TEST(LtxModes, StrictRejectsErrorsWithEveryFieldError) {
  const ValidationReport report = ReportWithError();
  ASSERT_TRUE(report.HasErrors());
  Result<void> r = ApplyValidationMode(report, ValidationMode::kStrict);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field_errors(), report.Errors()) << "all errors, not only the first; no warnings";
  EXPECT_EQ(r.error().field_errors().size(), 2u);
  EXPECT_EQ(r.error().http_status(), 0) << "local: nothing was sent";
  // With several, the headline names the fields and leaves each finding to the list: a reader who prints
  // message() and field_errors() sees none twice.
  EXPECT_NE(r.error().message().find("2 problems, in " + report.Errors()[0].Path() + " and " +
                                     report.Errors()[1].Path()),
            std::string::npos)
      << r.error().message();
  EXPECT_EQ(r.error().message().find(report.Errors()[0].msg), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("was not sent"), std::string::npos) << r.error().message();
  EXPECT_TRUE(ltx::IsFrameBudgetRejection(r.error()));
}

TEST(LtxModes, StrictPassesWarnings) {
  const ValidationReport report = ReportWithWarningsOnly();
  ASSERT_FALSE(report.HasErrors());
  ASSERT_EQ(report.Warnings().size(), 2u);
  EXPECT_TRUE(ApplyValidationMode(report, ValidationMode::kStrict).ok());
}

TEST(LtxModes, WarnSendsDespiteErrors) {
  EXPECT_TRUE(ApplyValidationMode(ReportWithError(), ValidationMode::kWarn).ok());
  EXPECT_TRUE(ApplyValidationMode(ReportWithWarningsOnly(), ValidationMode::kWarn).ok());
  // What Warn logs: every finding, errors included.
  const std::string log = ReportWithError().ToString();
  EXPECT_NE(log.find("error: num_frames: num_frames=200 is over the 720p budget"), std::string::npos) << log;
  EXPECT_NE(log.find("warning: enable_detail_refine:"), std::string::npos) << log;
}

TEST(LtxModes, OffSendsAsWritten) {
  EXPECT_TRUE(ApplyValidationMode(ReportWithError(), ValidationMode::kOff).ok());
  // Under Off the body is the caller's, even a broken one.
  ltx::RenderToRealInput in = ltx::test::ValidRenderToReal();
  in.num_frames = 100000;
  in.guidance_scale = -3;
  const Json body = Json::parse(EndpointTraits<ltx::RenderToRealInput>::ToJson(in));
  EXPECT_EQ(body["num_frames"], 100000);
  EXPECT_EQ(body["guidance_scale"], -3);
}

TEST(LtxModes, EmptyReportPassesEveryMode) {
  for (ValidationMode mode : {ValidationMode::kStrict, ValidationMode::kWarn, ValidationMode::kOff}) {
    EXPECT_TRUE(ApplyValidationMode(ValidationReport{}, mode).ok());
  }
}

// A server 422 in fal's FastAPI shape, turned into fal::FieldError as the client core does.
Error Server422(const std::string& body) {
  std::vector<FieldError> errors;
  const Json parsed = Json::parse(body);
  for (const Json& d : parsed.at("detail")) {
    FieldError e;
    for (const Json& part : d["loc"])
      e.loc.push_back(part.is_string() ? part.get<std::string>() : part.dump());
    e.msg = d["msg"].get<std::string>();
    e.type = d["type"].get<std::string>();
    errors.push_back(std::move(e));
  }
  return Error(ErrorCode::kInvalidArgument, "HTTP 422")
      .WithHttpStatus(422)
      .WithFieldErrors(std::move(errors));
}

TEST(LtxModes, Server422MapsToTheSameFindings) {
  const Error server = Server422(
      R"({"detail":[{"loc":["body","num_frames"],"msg":"Requested 200 frames exceeds the 720p budget",)"
      R"("type":"value_error"},{"loc":["body","loras",0,"scale"],)"
      R"("msg":"ensure this value is less than or equal to 4","type":"less_than_equal"}]})");
  const ValidationReport from_server = ReportFromError(server);
  ASSERT_EQ(from_server.findings.size(), 2u);
  EXPECT_EQ(from_server.findings[0].severity, Severity::kError);
  EXPECT_EQ(from_server.findings[0].error.Path(), "num_frames");
  EXPECT_EQ(from_server.findings[1].error.loc, (std::vector<std::string>{"body", "loras", "0", "scale"}));
  EXPECT_EQ(from_server.findings[1].error.Path(), "loras.0.scale");

  // One code path: the local finding for the same problem has the same location.
  ltx::RenderToRealInput in = ltx::test::ValidRenderToReal();
  in.num_frames = 200;
  const ValidationReport local = EndpointTraits<ltx::RenderToRealInput>::Validate(in);
  ASSERT_EQ(local.Errors().size(), 1u);
  EXPECT_EQ(local.Errors()[0].loc, from_server.Errors()[0].loc);

  // Budget rejections from either side are recognised alike.
  EXPECT_TRUE(ltx::IsFrameBudgetRejection(server));
  EXPECT_FALSE(ltx::IsFrameBudgetRejection(
      Server422(R"({"detail":[{"loc":["body","prompt"],"msg":"field required","type":"missing"}]})")));
  EXPECT_FALSE(ltx::IsFrameBudgetRejection(Error(ErrorCode::kUnavailable, "502")));

  // Re-applying Strict to a mapped 422 yields the same field errors.
  Result<void> again = ApplyValidationMode(from_server, ValidationMode::kStrict);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().field_errors(), server.field_errors());
  EXPECT_TRUE(ReportFromError(Error(ErrorCode::kInternal, "x")).findings.empty());
}

TEST(LtxModes, BudgetFigures) {
  EXPECT_EQ(ltx::RenderToRealMaxFrames(ltx::RenderResolution::k720p), 145);
  EXPECT_EQ(ltx::RenderToRealMaxFrames(ltx::RenderResolution::k480p), 361);
  EXPECT_EQ((145 - 1) % 8, 0);
  EXPECT_EQ((361 - 1) % 8, 0);
  EXPECT_EQ(ltx::kReferenceVideoMaxFrames720pClass, 150);
}

}  // namespace
}  // namespace fal
