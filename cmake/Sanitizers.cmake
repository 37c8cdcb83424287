# Sanitizer builds (issue 30): SEGLOOP_SANITIZE=address,undefined (scripts/test.sh --sanitize) or
# SEGLOOP_SANITIZE=thread (scripts/test.sh --tsan). The flags apply to every target this project
# compiles and links (our libraries, executables and tests); the prebuilt third-party libraries
# (LibTorch, Qt, VTK, DCMTK, Mesa) stay uninstrumented. Suppressions for their reports live in
# tests/sanitizers/ and are read through the *SAN_OPTIONS that scripts/test.sh sets.
set(SEGLOOP_SANITIZE "" CACHE STRING
    "Sanitizers for our targets: empty, address,undefined, or thread")

if(SEGLOOP_SANITIZE)
  string(REPLACE "," ";" segloop_sanitizers "${SEGLOOP_SANITIZE}")
  foreach(sanitizer ${segloop_sanitizers})
    if(NOT sanitizer MATCHES "^(address|undefined|thread)$")
      message(FATAL_ERROR "SEGLOOP_SANITIZE: unknown sanitizer '${sanitizer}'")
    endif()
  endforeach()
  if("thread" IN_LIST segloop_sanitizers AND "address" IN_LIST segloop_sanitizers)
    message(FATAL_ERROR "SEGLOOP_SANITIZE: thread cannot be combined with address")
  endif()
  set(segloop_sanitize_flags -fsanitize=${SEGLOOP_SANITIZE} -fno-omit-frame-pointer)
  # UBSan checks stay recoverable: UBSAN_OPTIONS=halt_on_error=1 (scripts/test.sh) still stops at
  # the first report, and only recoverable checks can be suppressed.
  add_compile_options(${segloop_sanitize_flags})
  add_link_options(${segloop_sanitize_flags})
  message(STATUS "Sanitizers: ${SEGLOOP_SANITIZE}")
endif()
