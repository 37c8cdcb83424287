# Include roots the build enforces (issue 33). Every header is included by its path from the
# repository root ("storage/Project.h"), but a library target does not get the repository root:
# it gets a folder of its own in the build tree that holds links to its own sources only, and the
# roots of the targets it links (CMake passes PUBLIC include directories along the links). So a
# file of segloop_storage that includes "workflow/..." or "learning/..." does not compile, because
# no include path of storage holds them. Composition, tests and benchmarks (app/, tests/, bench/)
# may include every layer and take the repository root (include_directories in their folders).
#
# segloop_include_root(TARGET FOLDER [EXCLUDE ENTRY...]): TARGET's root, with FOLDER's entries
# linked into it except the EXCLUDEd ones (sub-folders that are targets of their own, such as
# core/pacs) and CMakeLists.txt.
function(segloop_include_root target folder)
  cmake_parse_arguments(ARG "" "" "EXCLUDE" ${ARGN})
  set(root "${PROJECT_BINARY_DIR}/include-roots/${target}")
  set(source "${PROJECT_SOURCE_DIR}/${folder}")
  file(REMOVE_RECURSE "${root}")
  file(MAKE_DIRECTORY "${root}/${folder}")
  file(GLOB entries RELATIVE "${source}" CONFIGURE_DEPENDS "${source}/*")
  foreach(entry IN LISTS entries)
    if(entry IN_LIST ARG_EXCLUDE OR entry STREQUAL "CMakeLists.txt")
      continue()
    endif()
    file(CREATE_LINK "${source}/${entry}" "${root}/${folder}/${entry}" SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC "${root}")
endfunction()
