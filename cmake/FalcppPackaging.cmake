# Install rules and the packages users consume: the headers, a CMake package (falcppConfig.cmake with a
# version file; targets falcpp::falcpp and falcpp::testing) and a pkg-config file. The libraries' own
# install() calls are in src/CMakeLists.txt; the tools install themselves.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(falcpp_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/falcpp")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/fal" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT falcpp_development FILES_MATCHING PATTERN "*.hpp")
install(FILES "${PROJECT_BINARY_DIR}/include/fal/export.hpp" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/fal"
        COMPONENT falcpp_development)

install(EXPORT falcppTargets NAMESPACE falcpp:: DESTINATION "${falcpp_cmake_dir}" COMPONENT falcpp_development)
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
if(falcpp_type STREQUAL "STATIC_LIBRARY")
  set(falcpp_pc_requires "Requires: libcurl, libcrypto, nlohmann_json >= 3.10")
  set(falcpp_pc_libs "-pthread")
  set(falcpp_pc_cflags "-DFALCPP_STATIC_DEFINE")
else()
  set(falcpp_pc_requires "Requires.private: libcurl, libcrypto\nRequires: nlohmann_json >= 3.10")
  set(falcpp_pc_libs "")
  set(falcpp_pc_cflags "")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/falcpp.pc.in" "${PROJECT_BINARY_DIR}/falcpp.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/falcpp.pc" DESTINATION "${falcpp_pc_dir}" COMPONENT falcpp_development)
