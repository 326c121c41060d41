# Cross-compiling for 64-bit Windows with Debian's MinGW-w64 (g++-mingw-w64-x86-64-posix).
# The -posix compilers: they have std::thread and std::mutex, the -win32 ones do not.
# FALCPP_WINDOWS_DEPS (environment or cache) is the prefix where scripts/windows-deps.sh installed
# libcurl and GoogleTest built for Windows.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(falcpp_mingw x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${falcpp_mingw}-gcc-posix)
set(CMAKE_CXX_COMPILER ${falcpp_mingw}-g++-posix)
set(CMAKE_RC_COMPILER ${falcpp_mingw}-windres)

if(NOT FALCPP_WINDOWS_DEPS AND DEFINED ENV{FALCPP_WINDOWS_DEPS})
  set(FALCPP_WINDOWS_DEPS "$ENV{FALCPP_WINDOWS_DEPS}")
endif()
# Static programs: no MinGW runtime DLLs to copy next to them.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
# Static OpenSSL from the dependency prefix (FindOpenSSL).
set(OPENSSL_USE_STATIC_LIBS TRUE)

set(CMAKE_FIND_ROOT_PATH /usr/${falcpp_mingw} ${FALCPP_WINDOWS_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Programs run under Wine (gtest_discover_tests and ctest use this).
find_program(falcpp_wine NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(falcpp_wine)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${falcpp_wine})
endif()
