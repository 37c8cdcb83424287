# The layering of docs/architecture.md, checked on the sources at configure time: a file may
# include headers of its own layer and of the layers listed below it, never of one above, and the
# layers that must stay free of a toolkit (core without Qt, VTK, ImGui or SQLite; render without
# Qt Widgets) include none of its headers. A violation stops the configure step with the file,
# its line and the rule, so an upward include is found before anything compiles.
#
# Configure time: include(cmake/LayerCheck.cmake) then segloop_check_layers(<root>).
# Script mode (tests/layers): cmake -DSEGLOOP_LAYER_ROOT=<root> -P cmake/LayerCheck.cmake
#
# Known debts (kept visible, each one an issue-33 item) are listed in SEGLOOP_LAYER_DEBTS as
# "file|included header"; a debt that is paid is reported so that the list shrinks with it.

cmake_policy(SET CMP0057 NEW)  # IN_LIST, also in script mode

# Each layer: "name|folder|allowed layers (;-separated by ',')". A layer's folder prefix is
# matched longest first, so learning is its own layer above core.
set(SEGLOOP_LAYERS
    "core|core/|core"
    "learning|learning/|core,learning"
    "storage|storage/|core,storage"
    "workflow|workflow/|core,learning,storage,workflow"
    "render|render/|core,render"
    "report|report/|core,learning,storage,workflow,report"
    "ui|ui/|core,learning,storage,workflow,render,report,ui")
# Folders whose files may include every layer (composition, tests, benchmarks): not checked.

# Toolkit headers (angle includes) a layer must not use: "layer|regex".
set(SEGLOOP_LAYER_FORBIDDEN_SYSTEM
    "core|^(Q[A-Za-z]*|Qt[A-Za-z]+/.*|vtk.*|imgui.*|sqlite3\\.h)$"
    "learning|^(Q[A-Za-z]*|Qt[A-Za-z]+/.*|vtk.*|imgui.*|sqlite3\\.h)$"
    "storage|^(Q[A-Za-z]*|Qt[A-Za-z]+/.*|vtk.*|imgui.*)$"
    "workflow|^(Q[A-Za-z]*|Qt[A-Za-z]+/.*|vtk.*|imgui.*|sqlite3\\.h)$"
    "render|^(QWidget|QOpenGLWidget|QOpenGLWindow|QApplication|QMainWindow|QtWidgets/.*)$")

set(SEGLOOP_LAYER_DEBTS)  # none left: issue 33 paid the last three

# Inside learning the sub-folders are layered too: runtime (the device and allocator) <
# data, network < settings (the values a run is given: plain structs, their schema and text) <
# inference < quality < methods < training; scoring sits on inference and quality. "sub-folder|what it may include".
set(SEGLOOP_LEARNING_SUBLAYERS
    "runtime|runtime"
    "data|runtime,data"
    "network|runtime,data,network"
    "settings|data,network,settings"
    "inference|runtime,data,network,settings,inference"
    "quality|runtime,data,network,settings,inference,quality"
    "methods|runtime,data,network,settings,inference,quality,methods"
    "training|runtime,data,network,settings,inference,quality,methods,training"
    "scoring|runtime,data,network,settings,inference,quality,scoring")

function(_segloop_layer_of path out_layer)
  set(best "")
  set(best_length 0)
  foreach(entry IN LISTS SEGLOOP_LAYERS)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 name)
    list(GET parts 1 folder)
    string(LENGTH "${folder}" length)
    string(FIND "${path}" "${folder}" at)
    if(at EQUAL 0 AND length GREATER best_length)
      set(best "${name}")
      set(best_length ${length})
    endif()
  endforeach()
  set(${out_layer} "${best}" PARENT_SCOPE)
endfunction()

# The ","-separated column `column` of the "name|...|..." entry of `table` called `name`, as a
# list; "" when no entry has that name.
function(_segloop_lookup table name column out_list)
  foreach(entry IN LISTS ${table})
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 entry_name)
    if(entry_name STREQUAL name)
      list(GET parts ${column} values)
      string(REPLACE "," ";" values "${values}")
      set(${out_list} "${values}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out_list} "" PARENT_SCOPE)
endfunction()

# The sub-folder rule of learning: "" when allowed, else the message.
function(_segloop_learning_sublayer file header out_message)
  set(${out_message} "" PARENT_SCOPE)
  if(NOT file MATCHES "^learning/([^/]+)/" OR NOT header MATCHES "^learning/([^/]+)/")
    return()
  endif()
  string(REGEX REPLACE "^learning/([^/]+)/.*" "\\1" from "${file}")
  string(REGEX REPLACE "^learning/([^/]+)/.*" "\\1" to "${header}")
  _segloop_lookup(SEGLOOP_LEARNING_SUBLAYERS "${from}" 1 allowed)
  if(allowed AND NOT to IN_LIST allowed)
    string(REPLACE ";" "," allowed_text "${allowed}")
    set(${out_message}
        "learning/${from} may include only learning/{${allowed_text}}" PARENT_SCOPE)
  endif()
endfunction()

# Checks every .h/.cpp under root's layer folders; FATAL_ERROR listing each violation.
function(segloop_check_layers root)
  set(violations "")
  set(debts_seen "")
  set(sources "")
  foreach(folder core learning storage workflow render report ui)
    file(GLOB_RECURSE found RELATIVE "${root}" "${root}/${folder}/*.h" "${root}/${folder}/*.cpp")
    list(APPEND sources ${found})
  endforeach()
  foreach(file IN LISTS sources)
    _segloop_layer_of("${file}" layer)
    if(layer STREQUAL "")
      continue()
    endif()
    _segloop_lookup(SEGLOOP_LAYERS "${layer}" 2 allowed)
    string(REPLACE ";" "," allowed_text "${allowed}")
    set(system_rule "")
    foreach(entry IN LISTS SEGLOOP_LAYER_FORBIDDEN_SYSTEM)
      string(FIND "${entry}" "|" bar)
      string(SUBSTRING "${entry}" 0 ${bar} name)
      if(name STREQUAL layer)
        math(EXPR start "${bar} + 1")
        string(SUBSTRING "${entry}" ${start} -1 system_rule)
      endif()
    endforeach()
    file(STRINGS "${root}/${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
    foreach(line IN LISTS lines)
      set(message "")
      if(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
        set(header "${CMAKE_MATCH_1}")
        if(NOT header MATCHES "^(core|learning|storage|workflow|render|report|ui|app|tests|bench)/")
          continue()  # a header beside the file or a third-party one
        endif()
        _segloop_layer_of("${header}" target)
        if(target STREQUAL "")
          set(message "includes ${header}, which no layer below ${layer} holds")
        elseif(NOT target IN_LIST allowed)
          set(message "includes ${header} (layer ${target}), but ${layer} may include only {${allowed_text}}")
        else()
          _segloop_learning_sublayer("${file}" "${header}" sub)
          if(sub)
            set(message "includes ${header}: ${sub}")
          endif()
        endif()
      elseif(system_rule AND line MATCHES "#[ \t]*include[ \t]*<([^>]+)>")
        set(header "${CMAKE_MATCH_1}")
        if(header MATCHES "${system_rule}")
          set(message "includes <${header}>, a toolkit the ${layer} layer must not use")
        endif()
      endif()
      if(message)
        if("${file}|${header}" IN_LIST SEGLOOP_LAYER_DEBTS)
          list(APPEND debts_seen "${file}|${header}")
        else()
          list(APPEND violations "${file}: ${message}")
        endif()
      endif()
    endforeach()
  endforeach()
  foreach(debt IN LISTS SEGLOOP_LAYER_DEBTS)
    string(FIND "${debt}" "|" bar)
    string(SUBSTRING "${debt}" 0 ${bar} debt_file)
    if(EXISTS "${root}/${debt_file}" AND NOT debt IN_LIST debts_seen)
      message(STATUS "layer check: the listed debt ${debt} is gone; remove it from "
                     "SEGLOOP_LAYER_DEBTS in cmake/LayerCheck.cmake")
    endif()
  endforeach()
  if(violations)
    list(LENGTH violations count)
    string(REPLACE ";" "\n  " listing "${violations}")
    message(FATAL_ERROR "layer check: ${count} include(s) break the layering of "
                        "docs/architecture.md:\n  ${listing}")
  endif()
  list(LENGTH sources count)
  message(STATUS "layer check: ${count} files keep the layering")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED SEGLOOP_LAYER_ROOT)
  segloop_check_layers("${SEGLOOP_LAYER_ROOT}")
endif()
