#!/usr/bin/env bash
# Configures and builds SegLoop in ./build with ccache (cache outside the clone). Extra arguments
# go to CMake, e.g. scripts/build.sh -DSEGLOOP_GUI=OFF.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CCACHE_BASEDIR="$root"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/segloop-ccache}"
export CCACHE_NOHASHDIR=1
build="${SEGLOOP_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build"
