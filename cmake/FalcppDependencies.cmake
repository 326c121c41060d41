# Finds falcpp's dependencies. All come from Debian's packages (scripts/deps.sh installs them).
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(OpenSSL REQUIRED)

# fal-emulator and the tests that run it are POSIX only; a Windows build runs the unit tests alone.
if((FALCPP_BUILD_EMULATOR OR FALCPP_BUILD_TESTS) AND NOT WIN32)
  find_package(PkgConfig REQUIRED)
  # Debian ships cpp-httplib as a compiled library with a pkg-config file.
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()

# GoogleTest: required for the tests, and for falcpp::testing (the fakes and mocks users link).
if(FALCPP_BUILD_TESTS)
  find_package(GTest REQUIRED)
else()
  find_package(GTest QUIET)
endif()
