#pragma once
/// @file
/// The contract between typed request structs and fal::Client. Each typed endpoint (fal/ltx/*.hpp)
/// specialises fal::EndpointTraits for its input type; Client::Submit(input), Client::Subscribe(input)
/// and TypedJob<Output>::FetchResult() are then typed end to end.

#include <string>
#include <vector>

#include "fal/file.hpp"
#include "fal/result.hpp"
#include "fal/validation.hpp"

namespace fal {

/// Specialise for each typed input. A specialisation provides:
/// @code
/// template <> struct EndpointTraits<MyInput> {
///   using Output = MyOutput;
///   static constexpr const char* kEndpointId = "owner/alias/path";
///   // Applies guaranteed rewrites (e.g. the 3DREAL trigger) so that the request shows what is sent.
///   static void Finalize(MyInput& input);
///   // Every finding for the (finalized) input; never touches the network.
///   static ValidationReport Validate(const MyInput& input);
///   // Pointers to every File field that is set, so the client can upload local files in place.
///   static std::vector<File*> Files(MyInput& input);
///   // The JSON body: unset optionals left out, extra fields merged in.
///   static std::string ToJson(const MyInput& input);
///   // Lenient parse of the output; keeps the raw JSON.
///   static Result<MyOutput> ParseOutput(const std::string& json);
/// };
/// @endcode
template <class Input>
struct EndpointTraits;

}  // namespace fal
