# SEGLOOP_FUZZ=ON (scripts/fuzz.sh): every target this project compiles gets libFuzzer's coverage
# instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer (a UB report stops the run, so
# libFuzzer records it as a crash); tests/fuzz links each fuzz_<target> with -fsanitize=fuzzer.
# Only core and storage (and three torch-free workflow/learning sources) are built for them;
# the GUI, the test suite and the benchmarks are switched off. Third-party libraries (DCMTK,
# niftilib, SQLite, zlib) stay uninstrumented: ASan sees their heap, not their reads.
if(SEGLOOP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SEGLOOP_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++ "
                        "-DCMAKE_C_COMPILER=clang); scripts/fuzz.sh sets it")
  endif()
  set(SEGLOOP_GUI OFF CACHE BOOL "" FORCE)
  set(SEGLOOP_TESTS OFF CACHE BOOL "" FORCE)
  set(SEGLOOP_BENCH OFF CACHE BOOL "" FORCE)
  set(segloop_fuzz_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined
                              -fno-omit-frame-pointer)
  add_compile_options(-fsanitize=fuzzer-no-link ${segloop_fuzz_sanitizers})
  add_link_options(${segloop_fuzz_sanitizers})
  message(STATUS "Fuzzing build: libFuzzer, address, undefined")
endif()
