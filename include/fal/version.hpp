#pragma once
/// @file
/// falcpp's version.

namespace fal {
/// Major version: incompatible API changes (0 while the API settles).
inline constexpr int kVersionMajor = 0;
inline constexpr int kVersionMinor = 1;  ///< Minor version: in 0.x, a minor release may change the API.
inline constexpr int kVersionPatch = 0;  ///< Patch version: fixes only.
/// "0.1.0"
inline constexpr const char* kVersionString = "0.1.0";
}  // namespace fal
