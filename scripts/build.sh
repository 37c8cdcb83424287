#!/usr/bin/env bash
# Configures and builds SegLoop in ./build with ccache (cache outside the clone). Extra arguments
# go to CMake, e.g. scripts/build.sh -DSEGLOOP_GUI=OFF. SEGLOOP_BUILD_TARGETS (space-separated)
# builds only those targets and what they need, leaving out any this configuration lacks
# (scripts/demo.sh: "segloop segloop-cli"; without the GUI there is no segloop); unset, everything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CCACHE_BASEDIR="$root"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/segloop-ccache}"
export CCACHE_NOHASHDIR=1
build="${SEGLOOP_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
targets=()
for target in ${SEGLOOP_BUILD_TARGETS:-}; do
  if ninja -C "$build" -t query "$target" >/dev/null 2>&1; then
    targets+=(--target "$target")
  fi
done
if [[ -n "${SEGLOOP_BUILD_TARGETS:-}" && ${#targets[@]} -eq 0 ]]; then
  echo "build.sh: none of the targets '$SEGLOOP_BUILD_TARGETS' is in $build" >&2
  exit 1
fi
cmake --build "$build" "${targets[@]}"
