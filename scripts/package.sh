#!/usr/bin/env bash
# Builds SegLoop's Debian package: a Release build of the two programs (segloop, segloop-cli; no
# tests, no benchmarks) in ./build-package with ccache (cache outside the clone, as
# scripts/build.sh), then CPack (installer/CMakeLists.txt). The last line it prints is the .deb's
# path. Install it with `apt-get install ./build-package/segloop_*.deb` (as root), remove it with
# `dpkg -r segloop`.
#
# SEGLOOP_PACKAGE_BUILD_DIR and SEGLOOP_PACKAGE_BUILD_TYPE change the folder and the build type
# (tests/package/install-test.sh packages its own tree's type beside it, so that ccache serves
# the objects that tree compiled). Extra arguments go to CMake, e.g. -DSEGLOOP_GUI=OFF (the CLI
# alone). Needs dpkg-shlibdeps (Debian package dpkg-dev, in scripts/install-deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CCACHE_BASEDIR="$root"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/segloop-ccache}"
export CCACHE_NOHASHDIR=1
build="${SEGLOOP_PACKAGE_BUILD_DIR:-$root/build-package}"
type="${SEGLOOP_PACKAGE_BUILD_TYPE:-Release}"
for tool in cmake cpack ninja dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || {
    echo "package.sh: $tool is missing (bash scripts/install-deps.sh installs it)" >&2
    exit 1
  }
done
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DSEGLOOP_TESTS=OFF \
  -DSEGLOOP_BENCH=OFF "$@" >/dev/null
# Without tests and benchmarks, "all" is the two programs and the libraries they link.
cmake --build "$build"
log="$build/cpack.log"
if ! (cd "$build" && cpack -G DEB) >"$log" 2>&1; then
  cat "$log" >&2
  echo "package.sh: cpack failed (log: $log)" >&2
  exit 1
fi
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$log" | tail -n 1)
if [[ -z "$deb" || ! -f "$deb" ]]; then
  cat "$log" >&2
  echo "package.sh: cpack wrote no .deb" >&2
  exit 1
fi
echo "$deb"
