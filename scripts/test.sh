#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, builds, runs every test.
# scripts/test.sh --sanitize | --tsan [--short]: the sanitizer builds instead (see below).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# --sanitize (ASan+UBSan, whole suite) and --tsan (ThreadSanitizer, race tests), each with an
# optional --short for CI: their own build folders (scripts/sanitize.sh).
case "${1:-}" in
  --sanitize | --tsan) exec bash "$root/scripts/sanitize.sh" "$@" ;;
esac
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
cd "$root/build"
# GUI tests (tests/render, tests/ui) need a display: run ctest under a virtual X server.
# -noreset: by default the server resets when its last client leaves, and a test connecting
# during that reset is refused ("could not connect to display"); measured with two parallel
# loops of xdpyinfo, 110 of 600 connections failed without it and none with it.
if command -v xvfb-run >/dev/null 2>&1; then
  xvfb-run -a -s '-screen 0 1280x800x24 -noreset' \
    ctest --output-on-failure --parallel "$(nproc)" --timeout 900
else
  ctest --output-on-failure --parallel "$(nproc)" --timeout 900
fi
