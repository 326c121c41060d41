# Compile options for falcpp's own targets, per compiler: warnings are errors, optional sanitizers.
# Dependencies' headers come in as SYSTEM includes, so their warnings never fail our build.

if(MSVC)
  # /utf-8: the sources are UTF-8; /Zc:__cplusplus: the real language version; /permissive-: standard C++.
  set(falcpp_warning_flags /W4 /permissive- /utf-8 /Zc:__cplusplus /EHsc)
  set(falcpp_error_flag /WX)
else()  # GCC, Clang, AppleClang, MinGW-w64
  set(falcpp_warning_flags -Wall -Wextra -Wpedantic)
  set(falcpp_error_flag -Werror)
  if(MINGW)
    # COFF objects hold at most 32767 sections; GoogleTest and nlohmann_json's templates exceed that.
    list(APPEND falcpp_warning_flags -Wa,-mbig-obj)
  endif()
endif()
if(FALCPP_SANITIZE AND MSVC)
  message(FATAL_ERROR "FALCPP_SANITIZE needs GCC or Clang; with MSVC use /fsanitize=address in CMAKE_CXX_FLAGS")
endif()

set(falcpp_sanitize_flags "")
set(falcpp_sanitize_warning_flags "")
if(FALCPP_SANITIZE)
  string(REPLACE "," ";" falcpp_sanitizers "${FALCPP_SANITIZE}")
  foreach(s IN LISTS falcpp_sanitizers)
    list(APPEND falcpp_sanitize_flags "-fsanitize=${s}")
  endforeach()
  list(APPEND falcpp_sanitize_flags -fno-omit-frame-pointer -fno-sanitize-recover=all)
  # -O1 with line tables only (-g1, all a sanitizer's stack needs): compiling under ASan+UBSan at -O2 -g
  # takes over twice as long, and CI builds the suite twice. Coming after the build type's -O2 -g, these win.
  list(APPEND falcpp_sanitize_flags -O1 -g1)
  # GCC's -Wmaybe-uninitialized gives false positives inside libstdc++ once AddressSanitizer's checks are
  # inlined (std::function in <regex>, which cpp-httplib's client uses): with warnings as errors, that
  # would fail sanitizer builds of correct code. The normal build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND "address" IN_LIST falcpp_sanitizers)
    set(falcpp_sanitize_warning_flags -Wno-maybe-uninitialized)
  endif()
endif()

# falcpp_target_defaults(<target> [EXCEPTIONS]): the project's warning and sanitizer settings for one
# target. With FALCPP_NO_EXCEPTIONS, a target is built without exceptions unless it says EXCEPTIONS (the
# emulator, a test server that is no part of what users link).
function(falcpp_target_defaults target)
  cmake_parse_arguments(arg "EXCEPTIONS" "" "" ${ARGN})
  target_compile_features(${target} PRIVATE cxx_std_17)
  if(FALCPP_NO_EXCEPTIONS AND NOT arg_EXCEPTIONS)
    target_compile_options(${target} PRIVATE -fno-exceptions)
    target_compile_definitions(${target} PRIVATE JSON_NOEXCEPTION)
  endif()
  target_compile_options(${target} PRIVATE ${falcpp_warning_flags} ${falcpp_sanitize_warning_flags}
                                           ${falcpp_sanitize_flags})
  if(FALCPP_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE ${falcpp_error_flag})
  endif()
  if(falcpp_sanitize_flags)
    target_link_options(${target} PRIVATE ${falcpp_sanitize_flags})
  endif()
  if(WIN32)
    # <windows.h> without the rarely used parts, and without min/max macros that break std::min.
    target_compile_definitions(${target} PRIVATE WIN32_LEAN_AND_MEAN NOMINMAX)
  endif()
endfunction()
