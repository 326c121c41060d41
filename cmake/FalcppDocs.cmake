# The API reference of include/fal, built by Doxygen with warnings as errors: cmake --build build --target
# docs writes build/docs/api/html/index.html. tests/docs runs the same build in the suite, so an
# undocumented public symbol fails it.
find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
  message(STATUS "falcpp: Doxygen not found, no docs target (scripts/deps.sh installs doxygen)")
  return()
endif()

set(falcpp_doxygen_output "${PROJECT_BINARY_DIR}/docs/api")
file(MAKE_DIRECTORY "${falcpp_doxygen_output}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/Doxyfile.in" "${PROJECT_BINARY_DIR}/Doxyfile" @ONLY)
add_custom_target(docs
  COMMAND Doxygen::doxygen "${PROJECT_BINARY_DIR}/Doxyfile"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the API reference in ${falcpp_doxygen_output}/html"
  VERBATIM)
