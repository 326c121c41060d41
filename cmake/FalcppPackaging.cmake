# Install rules and the packages users consume: the headers, a CMake package (falcppConfig.cmake with a
# version file; targets falcpp::falcpp, falcpp::journal,
# falcpp::media and falcpp::testing) and a pkg-config file. The libraries' own
# install() calls are in src/CMakeLists.txt; the tools install themselves.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(falcpp_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/falcpp")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/fal" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT falcpp_development FILES_MATCHING PATTERN "*.hpp")
install(FILES "${PROJECT_BINARY_DIR}/include/fal/export.hpp" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/fal"
        COMPONENT falcpp_development)
if(TARGET falcpp_journal)
  install(FILES "${PROJECT_BINARY_DIR}/include/fal/journal_export.hpp" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/fal"
          COMPONENT falcpp_development)
endif()
if(TARGET falcpp_media)
  install(FILES "${PROJECT_BINARY_DIR}/include/fal/media_export.hpp" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/fal"
          COMPONENT falcpp_development)
endif()

install(EXPORT falcppTargets NAMESPACE falcpp:: DESTINATION "${falcpp_cmake_dir}" COMPONENT falcpp_development)
if(TARGET falcpp_journal)
  install(EXPORT falcppJournalTargets NAMESPACE falcpp:: DESTINATION "${falcpp_cmake_dir}"
          COMPONENT falcpp_development)
endif()
if(TARGET falcpp_media)
  install(EXPORT falcppMediaTargets NAMESPACE falcpp:: DESTINATION "${falcpp_cmake_dir}"
          COMPONENT falcpp_development)
endif()
if(TARGET falcpp_testing)
  install(EXPORT falcppTestingTargets NAMESPACE falcpp:: DESTINATION "${falcpp_cmake_dir}"
          COMPONENT falcpp_development)
endif()

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/falcppConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/falcppConfig.cmake" INSTALL_DESTINATION "${falcpp_cmake_dir}")
# 0.x: a minor release may change the API.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/falcppConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/falcppConfig.cmake" "${PROJECT_BINARY_DIR}/falcppConfigVersion.cmake"
        DESTINATION "${falcpp_cmake_dir}" COMPONENT falcpp_development)

# pkg-config. The prefix is found from the .pc file's own place, so the install relocates (cmake
# --install --prefix anywhere). A static falcpp needs its dependencies on every link, so they go in
# Requires and Libs; a shared one keeps them private.
set(falcpp_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
file(RELATIVE_PATH falcpp_pc_prefix_from_pcdir "/root/${falcpp_pc_dir}" "/root")
string(REGEX REPLACE "/$" "" falcpp_pc_prefix_from_pcdir "${falcpp_pc_prefix_from_pcdir}")
get_target_property(falcpp_type falcpp TYPE)
set(falcpp_pc_crypto "")
if(FALCPP_WEBHOOK_VERIFY)
  set(falcpp_pc_crypto ", libcrypto")
endif()
if(falcpp_type STREQUAL "STATIC_LIBRARY")
  set(falcpp_pc_requires "Requires: libcurl${falcpp_pc_crypto}, nlohmann_json >= 3.10")
  set(falcpp_pc_libs "-pthread")
  set(falcpp_pc_cflags "-DFALCPP_STATIC_DEFINE")
else()
  set(falcpp_pc_requires "Requires.private: libcurl${falcpp_pc_crypto}\nRequires: nlohmann_json >= 3.10")
  set(falcpp_pc_libs "")
  set(falcpp_pc_cflags "")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/falcpp.pc.in" "${PROJECT_BINARY_DIR}/falcpp.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/falcpp.pc" DESTINATION "${falcpp_pc_dir}" COMPONENT falcpp_development)

# CPack: `cpack -G DEB` on Linux (library, headers, CMake package, pkg-config file, fal-ltx and
# fal-emulator in one package; the suite installs it into a scratch root and builds the consumer against
# it), `cpack -G ZIP` for the Windows build.
set(CPACK_PACKAGE_NAME falcpp)
set(CPACK_PACKAGE_VENDOR "falcpp")
set(CPACK_PACKAGE_CONTACT "falcpp maintainers <falcpp@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
if(WIN32)
  set(CPACK_GENERATOR ZIP)
else()
  set(CPACK_GENERATOR DEB)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
# What fal-ltx and fal-emulator load (found by dpkg-shlibdeps), plus what a program built against the
# static library links and includes.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(falcpp_deb_depends "libcurl4-openssl-dev, nlohmann-json3-dev (>= 3.10)")
if(FALCPP_WEBHOOK_VERIFY)
  string(APPEND falcpp_deb_depends ", libssl-dev")
endif()
if(TARGET falcpp_media)
  string(APPEND falcpp_deb_depends ", libavformat-dev, libavcodec-dev, libswscale-dev, libavutil-dev")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${falcpp_deb_depends}")
include(CPack)
