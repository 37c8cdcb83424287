#!/usr/bin/env bash
# Crash consistency (issue 30): scripts/crash-test.sh [ROUNDS] [SEED] kills the real segloop-cli
# with SIGKILL ROUNDS times (default 200) at random moments of import, label save (predict),
# accept, correct (revert), score, export and train, then checks each project (integrity, label
# versions unchanged, no half-written or missing file, no temporary file after the next open,
# training resumes from its last checkpoint). It prints the seed it used; give it as SEED (or
# SEGLOOP_KILL_SEED) to replay the same kill delays. Also runs the deterministic sweep and resume
# tests. Builds the needed targets in $SEGLOOP_CRASH_BUILD (default build-crash) first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SEGLOOP_CRASH_BUILD:-$root/build-crash}
rounds=${1:-200}
seed=${2:-${SEGLOOP_KILL_SEED:-}}

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target segloop-cli CrashConsistencyTest CrashConsistencySweepTest -j2

cd "$build/tests"
./CrashConsistencySweepTest
SEGLOOP_KILL_ROUNDS=$rounds SEGLOOP_KILL_SEED=$seed ./CrashConsistencyTest
