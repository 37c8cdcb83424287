# Plants one layering violation at a time in a small copy of the folder layout and runs the layer
# check (cmake/LayerCheck.cmake) on it: each must fail and name the planted file; the clean copy
# must pass. Run by ctest: cmake -DSEGLOOP_SOURCE=<repo> -DWORK=<scratch> -P this file.
cmake_policy(SET CMP0057 NEW)

function(write_tree root)
  file(REMOVE_RECURSE "${root}")
  file(WRITE "${root}/core/image/Volume.h" "#pragma once\n#include <vector>\n")
  file(WRITE "${root}/learning/data/Patch.h" "#include \"core/image/Volume.h\"\n")
  file(WRITE "${root}/learning/training/Trainer.h"
       "#include \"learning/data/Patch.h\"\n#include <torch/types.h>\n")
  file(WRITE "${root}/storage/Project.h" "#include \"core/image/Volume.h\"\n#include <sqlite3.h>\n")
  file(WRITE "${root}/workflow/Session.h"
       "#include \"storage/Project.h\"\n#include \"learning/training/Trainer.h\"\n")
  file(WRITE "${root}/render/SliceView.h" "#include \"core/image/Volume.h\"\n#include <QSize>\n")
  file(WRITE "${root}/ui/MainWindow.h"
       "#include \"workflow/Session.h\"\n#include \"render/SliceView.h\"\n#include <QWidget>\n")
endfunction()

function(expect_check root should_pass planted)
  execute_process(COMMAND "${CMAKE_COMMAND}" -DSEGLOOP_LAYER_ROOT=${root}
                          -P "${SEGLOOP_SOURCE}/cmake/LayerCheck.cmake"
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(should_pass AND NOT status EQUAL 0)
    message(FATAL_ERROR "the clean tree failed the layer check:\n${out}${err}")
  endif()
  if(NOT should_pass)
    if(status EQUAL 0)
      message(FATAL_ERROR "the planted ${planted} passed the layer check")
    endif()
    string(FIND "${err}" "${planted}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the layer check failed without naming ${planted}:\n${err}")
    endif()
  endif()
endfunction()

set(root "${WORK}/tree")
write_tree("${root}")
expect_check("${root}" TRUE "")

# "file|line appended": an upward include per layer and a forbidden toolkit.
set(plants
    "core/image/Volume.h|#include \"storage/Project.h\""
    "core/image/Volume.h|#include \"learning/data/Patch.h\""
    "learning/data/Patch.h|#include \"learning/training/Trainer.h\""
    "storage/Project.h|#include \"workflow/Session.h\""
    "workflow/Session.h|#include \"ui/MainWindow.h\""
    "render/SliceView.h|#include \"storage/Project.h\""
    "render/SliceView.h|#include <QOpenGLWidget>"
    "core/image/Volume.h|#include <QString>"
    "workflow/Session.h|#include <vtkImageData.h>"
    "learning/training/Trainer.h|#include <sqlite3.h>")
foreach(plant IN LISTS plants)
  string(FIND "${plant}" "|" bar)
  string(SUBSTRING "${plant}" 0 ${bar} file)
  math(EXPR start "${bar} + 1")
  string(SUBSTRING "${plant}" ${start} -1 line)
  write_tree("${root}")
  file(APPEND "${root}/${file}" "${line}\n")
  expect_check("${root}" FALSE "${file}")
endforeach()
message(STATUS "every planted violation failed the layer check")
