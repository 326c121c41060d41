# Finds falcpp's dependencies. All come from Debian's packages (scripts/deps.sh installs them).
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# OpenSSL: webhook verification, and fal-emulator (POSIX) signs webhooks with it.
if(FALCPP_WEBHOOK_VERIFY OR ((FALCPP_BUILD_EMULATOR OR FALCPP_BUILD_TESTS) AND NOT WIN32))
  find_package(OpenSSL REQUIRED)
endif()
# falcpp::journal (the job journal of crash-safe batches) keeps its state in SQLite.
if(FALCPP_BUILD_JOURNAL)
  find_package(SQLite3 REQUIRED)
endif()

# falcpp::media reads and writes video with FFmpeg's libraries, found with pkg-config (Debian's
# libavformat-dev, libavcodec-dev, libswscale-dev, libavutil-dev).
if(FALCPP_BUILD_MEDIA AND NOT TARGET PkgConfig::FFMPEG)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)
endif()

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
