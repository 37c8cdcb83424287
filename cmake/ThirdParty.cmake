# Third-party libraries, each found once and exposed as an imported target.

find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)

# DCMTK 3.6.7 (Debian): imported targets DCMTK::dcmdata etc. Not for SEGLOOP_LEARNING_ONLY.
if(NOT SEGLOOP_LEARNING_ONLY)
  find_package(DCMTK REQUIRED CONFIG)
  find_package(SQLite3 REQUIRED)
  find_package(CURL REQUIRED)              # DICOMweb client (core/pacs)
  find_package(nlohmann_json 3 REQUIRED)   # JSON: DICOMweb (core/pacs), audit details, manifests
  find_package(CLI11 2 REQUIRED CONFIG)    # segloop-cli's parsing and --help (app/cli)
endif()
# nettle: SHA-256 of data files and bundles (storage, workflow); also in the learning-only build
find_package(PkgConfig REQUIRED)
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET GLOBAL nettle)

# niftilib: Debian's CMake config is broken, so find the library and header by hand.
find_path(NIFTI2_INCLUDE_DIR nifti2_io.h PATH_SUFFIXES nifti REQUIRED)
find_library(NIFTI2_LIBRARY NAMES nifti2 REQUIRED)
find_library(ZNZ_LIBRARY NAMES znz REQUIRED)
add_library(segloop_nifti2 INTERFACE)
target_include_directories(segloop_nifti2 SYSTEM INTERFACE ${NIFTI2_INCLUDE_DIR})
target_link_libraries(segloop_nifti2 INTERFACE ${NIFTI2_LIBRARY} ${ZNZ_LIBRARY} ZLIB::ZLIB m)

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

# --- Desktop application (SEGLOOP_GUI): Qt 6, VTK 9.1, Dear ImGui 1.86 -------------------------
if(SEGLOOP_GUI)
  # Qt 6 only. VTK's own Qt widgets are built against Qt 5 and are never used (DESIGN.md).
  find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets OpenGL OpenGLWidgets Test)

  # VTK's MPI lookup needs the C language and a prior MPI C search (DESIGN.md, toolchain facts).
  find_package(MPI COMPONENTS C)
  set(SEGLOOP_VTK_COMPONENTS
      CommonCore CommonDataModel CommonExecutionModel CommonMath CommonTransforms
      ImagingCore ImagingColor ImagingGeneral ImagingMath
      FiltersCore FiltersGeneral FiltersModeling FiltersSources
      RenderingCore RenderingOpenGL2 RenderingImage RenderingFreeType RenderingUI
      RenderingAnnotation InteractionStyle)
  find_package(VTK REQUIRED COMPONENTS ${SEGLOOP_VTK_COMPONENTS})
  # VTK's headers warn under -Wpedantic: bring them in as SYSTEM headers.
  foreach(vtk_target ${VTK_LIBRARIES})
    if(TARGET ${vtk_target})
      get_target_property(vtk_includes ${vtk_target} INTERFACE_INCLUDE_DIRECTORIES)
      if(vtk_includes)
        set_property(TARGET ${vtk_target} APPEND PROPERTY
                     INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${vtk_includes})
      endif()
    endif()
  endforeach()
  add_library(segloop_vtk INTERFACE)
  target_link_libraries(segloop_vtk INTERFACE ${VTK_LIBRARIES})

  # Dear ImGui 1.86: static libimgui.a with the OpenGL3 backend; its GL loader uses dlopen.
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  get_target_property(imgui_includes PkgConfig::IMGUI INTERFACE_INCLUDE_DIRECTORIES)
  set_property(TARGET PkgConfig::IMGUI APPEND PROPERTY
               INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${imgui_includes})
  add_library(segloop_imgui INTERFACE)
  target_link_libraries(segloop_imgui INTERFACE PkgConfig::IMGUI ${CMAKE_DL_LIBS})
endif()
