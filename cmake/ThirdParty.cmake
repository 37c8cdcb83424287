# Third-party libraries, each found once and exposed as an imported target.

find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)

# DCMTK 3.6.7 (Debian): imported targets DCMTK::dcmdata etc.
find_package(DCMTK REQUIRED CONFIG)

# niftilib: Debian's CMake config is broken, so find the library and header by hand.
find_path(NIFTI2_INCLUDE_DIR nifti2_io.h PATH_SUFFIXES nifti REQUIRED)
find_library(NIFTI2_LIBRARY NAMES nifti2 REQUIRED)
find_library(ZNZ_LIBRARY NAMES znz REQUIRED)
add_library(segloop_nifti2 INTERFACE)
target_include_directories(segloop_nifti2 SYSTEM INTERFACE ${NIFTI2_INCLUDE_DIR})
target_link_libraries(segloop_nifti2 INTERFACE ${NIFTI2_LIBRARY} ${ZNZ_LIBRARY} ZLIB::ZLIB m)

find_package(SQLite3 REQUIRED)

# libdeflate: whole-buffer gzip inflation, about twice as fast as zlib for .nii.gz.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)

# LibTorch: Debian's libtorch-dev (1.13, CPU) or a CUDA build via -DCMAKE_PREFIX_PATH.
# Its headers come in as SYSTEM so that our warning flags apply to our code only.
find_package(Torch REQUIRED)
set_property(TARGET torch APPEND PROPERTY INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${TORCH_INCLUDE_DIRS})
add_library(segloop_torch INTERFACE)
target_include_directories(segloop_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
target_link_libraries(segloop_torch INTERFACE ${TORCH_LIBRARIES})
target_compile_options(segloop_torch INTERFACE ${TORCH_CXX_FLAGS})
