#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the two programs and runs SegLoop on
# the bundled demo project (40 hippocampus MRI cases, 8 labelled; resources/demo). The project is
# created in build/demo-project on the first run and reused afterwards (SEGLOOP_BUILD_DIR: another
# build folder than ./build, as for scripts/build.sh).
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY) it opens the desktop window on the project.
# Without one it says so, shows the project with the CLI instead and, when xvfb-run is there,
# saves a screenshot of the window (build/demo-screenshot.png) drawn on a virtual display.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"
# Only the two programs (and the libraries they link): no tests, no benchmarks. The build folder
# is scripts/test.sh's, configured the same, so the test suite later reuses these objects.
SEGLOOP_BUILD_TARGETS="segloop segloop-cli" bash "$root/scripts/build.sh"
build="${SEGLOOP_BUILD_DIR:-$root/build}"  # as scripts/build.sh
cli="$build/app/segloop-cli"
gui="$build/app/segloop"
project="$build/demo-project"
if [[ ! -f "$project/project.segloop" ]]; then
  "$cli" init "$project" --name "Hippocampus demo" --classes anterior,posterior
  "$cli" import "$project" "$root/resources/demo/images" --labels "$root/resources/demo/labels" \
    --author demo
fi
if [[ -x "$gui" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
  exec "$gui" "$project"
fi
if [[ ! -x "$gui" ]]; then
  echo "The desktop application was not built (SEGLOOP_GUI=OFF?): showing the project with the CLI."
else
  echo "No display (DISPLAY is not set): showing the project with the CLI instead."
  echo "On a desktop, run: $gui $project"
fi
"$cli" info "$project"
"$cli" list "$project"
if [[ -x "$gui" ]] && command -v xvfb-run >/dev/null; then
  xvfb-run -a -s '-screen 0 1280x800x24 -noreset' \
    "$gui" --screenshot "$build/demo-screenshot.png" "$project" \
    && echo "Screenshot of the window on a virtual display: $build/demo-screenshot.png"
fi
