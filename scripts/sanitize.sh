#!/usr/bin/env bash
# Sanitizer builds and runs (issue 30), called by scripts/test.sh --sanitize and --tsan:
#   --sanitize  AddressSanitizer + UndefinedBehaviorSanitizer over the whole test suite, GUI
#               included, in ./build-asan (cmake -DSEGLOOP_SANITIZE=address,undefined).
#   --tsan      ThreadSanitizer over the race tests (the training service while labels are
#               saved, scored and read; the window's background jobs; the review hand-out
#               from two processes) in ./build-tsan (cmake -DSEGLOOP_SANITIZE=thread).
#   --corpus    (with --sanitize) CI's run: ASan+UBSan over the stored fuzz corpora only
#               (tests/data/fuzz, ctest -L fuzz): builds just the 8 replay binaries (core,
#               storage and three torch-free sources, no LibTorch), about 114 compilations.
#   --short     a shorter run: ASan+UBSan over the core, storage, fuzz-replay and reliability
#               tests (the GUI is not built); TSan over the tests without a window.
# The first report stops the test that made it (halt_on_error), so a clean run means none was
# made. Suppressions (third-party code only, each with its reason) are in tests/sanitizers/.
# Extra arguments after the mode go to ctest, e.g. -R TrainingService.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:?"usage: sanitize.sh --sanitize|--tsan [--short|--corpus] [ctest arguments]"}
shift
short=0
corpus=0
if [[ "${1:-}" == "--short" ]]; then
  short=1
  shift
elif [[ "${1:-}" == "--corpus" && "$mode" == "--sanitize" ]]; then
  corpus=1
  shift
fi
supp="$root/tests/sanitizers"

case "$mode" in
  --sanitize)
    build="$root/build-asan"
    cmake_args=(-DSEGLOOP_SANITIZE=address,undefined -DSEGLOOP_BENCH=OFF)
    # Leaks are looked for too; lsan.supp names the third-party libraries whose own allocations
    # live until exit. new/delete mismatches are checked; LibTorch is not instrumented.
    export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=0:check_initialization_order=1:strict_init_order=1:detect_odr_violation=1"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
    targets=""
    labels=""
    if (( short )); then
      cmake_args+=(-DSEGLOOP_GUI=OFF)
      labels="^(core|storage|fuzz|reliability)$"
      # Only those tests' binaries (one per tests/<label>/*Test.cpp, one fuzz_replay_<target>
      # per fuzz target) and the CLI the reliability tests run.
      targets="segloop-cli"
      for source in "$root"/tests/{core,storage,reliability}/*Test.cpp; do
        targets+=" $(basename "$source" .cpp)"
      done
      targets+=" $(sed -n 's/^segloop_fuzz_target(\([a-z_]*\).*/fuzz_replay_\1/p' \
        "$root/tests/fuzz/CMakeLists.txt" | tr '\n' ' ')"
    elif (( corpus )); then
      cmake_args+=(-DSEGLOOP_GUI=OFF)
      labels="^fuzz$"
      targets="$(sed -n 's/^segloop_fuzz_target(\([a-z_]*\).*/fuzz_replay_\1/p' \
        "$root/tests/fuzz/CMakeLists.txt" | tr '\n' ' ')"
    fi
    ;;
  --tsan)
    build="$root/build-tsan"
    cmake_args=(-DSEGLOOP_SANITIZE=thread -DSEGLOOP_BENCH=OFF)
    # LibTorch's OpenMP pool (libgomp) is not instrumented: one thread (the tests set it too).
    export OMP_NUM_THREADS=1
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$supp/tsan.supp"
    targets="segloop-cli TrainingServiceTest TrainingWhileLabellingTest ReviewHandOutRaceTest"
    tests="TrainingService\.|TrainingWhileLabelling\.|ReviewHandOutRace\."
    if (( ! short )); then
      targets+=" MainWindowTrainingTest MainWindowPredictTest ReviewLoopTest"
      tests+="|MainWindowTraining\.|MainWindowPredict\.|ReviewLoop\."
    else
      cmake_args+=(-DSEGLOOP_GUI=OFF)
    fi
    ;;
  *)
    echo "sanitize.sh: unknown mode '$mode' (--sanitize or --tsan)" >&2
    exit 2
    ;;
esac

bash "$root/scripts/install-deps.sh"
start=$(date +%s)
SEGLOOP_BUILD_DIR="$build" SEGLOOP_BUILD_TARGETS="$targets" \
  bash "$root/scripts/build.sh" "${cmake_args[@]}"
echo "sanitize.sh: $mode build took $(( $(date +%s) - start )) s"

selection=()
if [[ "$mode" == "--tsan" ]]; then
  selection=(-R "$tests")
elif [[ -n "$labels" ]]; then
  selection=(-L "$labels")
fi
cd "$build"
start=$(date +%s)
status=0
# GUI tests need a display (scripts/test.sh says why -noreset).
if command -v xvfb-run >/dev/null 2>&1; then
  xvfb-run -a -s '-screen 0 1280x800x24 -noreset' \
    ctest --output-on-failure --parallel "$(nproc)" --timeout 1800 "${selection[@]}" "$@" ||
    status=$?
else
  ctest --output-on-failure --parallel "$(nproc)" --timeout 1800 "${selection[@]}" "$@" ||
    status=$?
fi
echo "sanitize.sh: $mode tests took $(( $(date +%s) - start )) s"
exit "$status"
