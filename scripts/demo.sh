#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs SegLoop on the bundled
# demo project (40 hippocampus MRI cases, 8 labelled; resources/demo). The project is created in
# build/demo-project on the first run and reused afterwards.
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY) it opens the desktop window on the project.
# Without one it says so, shows the project with the CLI instead and, when xvfb-run is there,
# saves a screenshot of the window (build/demo-screenshot.png) drawn on a virtual display.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
cli="$root/build/app/segloop-cli"
gui="$root/build/app/segloop"
project="$root/build/demo-project"
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
  xvfb-run -a -s '-screen 0 1280x800x24 -noreset' "$gui" --screenshot "$root/build/demo-screenshot.png" "$project" \
    && echo "Screenshot of the window on a virtual display: $root/build/demo-screenshot.png"
fi
