#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs SegLoop on the bundled
# demo project (40 hippocampus MRI cases, 8 labelled; resources/demo). The project is created in
# build/demo-project on the first run and reused afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
cli="$root/build/app/segloop-cli"
project="$root/build/demo-project"
if [[ ! -f "$project/project.segloop" ]]; then
  "$cli" init "$project" --name "Hippocampus demo" --classes anterior,posterior
  "$cli" import "$project" "$root/resources/demo/images" --labels "$root/resources/demo/labels" \
    --author demo
fi
"$cli" info "$project"
"$cli" list "$project"
