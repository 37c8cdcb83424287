#!/usr/bin/env bash
# ctest package.InstallUseRemove (label "package", installer/CMakeLists.txt): builds the .deb with
# scripts/package.sh, installs it with apt, runs the installed programs (--version, an import of
# tests/data/hippocampus, a tiny training run, predict, the window's screenshot on a virtual
# display) and removes it with dpkg, checking that its files are gone.
#
#   install-test.sh BUILD_FOLDER BUILD_TYPE VERSION [CMAKE_ARGUMENT...]
#
# CMAKE_ARGUMENTs go to scripts/package.sh (installer/CMakeLists.txt passes -DSEGLOOP_GUI=...:
# with OFF the package holds the CLI alone and the window's checks are left out).
#
# It installs into the real system: it needs root and apt, and exits 77 (ctest: skipped) without
# them, or when a segloop package that this test did not install is there (not its to replace).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: install-test.sh BUILD_FOLDER BUILD_TYPE VERSION [CMAKE_ARGUMENT...]}
type=${2:?build type}
version=${3:?version}
shift 3
gui=1
for argument in "$@"; do
  [[ "$argument" =~ ^-DSEGLOOP_GUI(:BOOL)?=(OFF|0|FALSE|NO)$ ]] && gui=0
done

skip() {
  echo "SKIPPED: $*"
  exit 77
}
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
step() { echo "--- $(date +%T) $*"; }

[[ $(id -u) -eq 0 ]] || skip "installing a .deb needs root (run the suite as root)"
command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
  skip "apt-get and dpkg are absent: not a Debian system"
# While the package is installed by this test, this file says so: a run killed before removing
# it (ctest's timeout) is cleaned up by the next; anyone else's segloop package is left alone.
marker=/var/tmp/segloop-package-test.installed
is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' segloop 2>/dev/null || true)" == *" installed" ]]
}
if is_installed; then
  if [[ -f "$marker" ]]; then
    echo "(removing the package a killed run of this test left installed)"
    dpkg -r segloop >/dev/null
  else
    skip "a segloop package is installed already ($(dpkg-query -W -f='${Version}' segloop)):" \
      "remove it (dpkg -r segloop) to run this test"
  fi
fi
rm -f "$marker"

work=$(mktemp -d)
cleanup() {
  if [[ -f "$marker" ]]; then
    echo "(removing the package: the test stopped before its end)"
    dpkg -r segloop >/dev/null 2>&1 && rm -f "$marker"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

step "building the package ($type, $build)"
start=$SECONDS
deb=$(SEGLOOP_PACKAGE_BUILD_DIR="$build" SEGLOOP_PACKAGE_BUILD_TYPE="$type" \
  bash "$root/scripts/package.sh" "$@" | tail -n 1)
echo "$deb ($(du -h "$deb" | cut -f1), built in $((SECONDS - start)) s)"
[[ "$(basename "$deb")" == "segloop_${version}_"*.deb ]] || fail "unexpected package name $deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Depends\|Recommends\): /\1: /p'
depends=$(dpkg-deb --field "$deb" Depends)
libraries=(libtorch libdcmtk libsqlite3)
programs=(/usr/bin/segloop-cli)
files=(./usr/bin/segloop-cli ./usr/share/mime/packages/segloop.xml)
if [[ $gui -eq 1 ]]; then
  libraries+=(libqt6widgets libvtk)
  programs+=(/usr/bin/segloop)
  files+=(./usr/bin/segloop ./usr/share/applications/segloop.desktop
    ./usr/share/icons/hicolor/scalable/apps/segloop.svg)
fi
for library in "${libraries[@]}"; do
  [[ "$depends" == *"$library"* ]] || fail "Depends lacks $library (dpkg-shlibdeps): $depends"
done
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}')
for file in "${files[@]}"; do
  grep -qxF "$file" <<<"$contents" || fail "the package lacks $file"
done

step "installing it with apt"
touch "$marker"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" \
  >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install $deb"; }
for program in "${programs[@]}"; do
  [[ -x "$program" ]] || fail "$program was not installed"
  if readelf -d "$program" | grep -qE 'RPATH|RUNPATH'; then
    fail "$program carries an RPATH: $(readelf -d "$program" | grep -E 'RPATH|RUNPATH')"
  fi
  if ldd "$program" | grep -q "not found"; then
    fail "$program misses shared libraries: $(ldd "$program" | grep 'not found')"
  fi
done
if [[ -d /usr/share/mime/application ]]; then  # shared-mime-info's trigger updated its database
  grep -q "application/x-segloop-project:project.segloop" /usr/share/mime/globs2 ||
    fail "the MIME database has no application/x-segloop-project"
  grep -q "application/x-segloop-model:\*.segloop-model" /usr/share/mime/globs2 ||
    fail "the MIME database has no application/x-segloop-model"
fi
if [[ $gui -eq 1 ]] && command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/segloop.desktop
fi

step "running the installed programs"
cd "$work"  # nothing below may depend on the build tree
out=$(/usr/bin/segloop-cli --version)
[[ "$out" == "segloop-cli $version" ]] || fail "--version printed '$out'"
echo "$out"
if [[ $gui -eq 1 ]]; then
  out=$(/usr/bin/segloop --help) || fail "segloop --help: $out"
  echo "${out%%$'\n'*}"
fi
project="$work/project"
mkdir "$work/labels"
cp "$root"/tests/data/hippocampus/labelsTr/hippocampus_00{1,3}.nii.gz "$work/labels/"
/usr/bin/segloop-cli init "$project" --name "package test" --classes anterior,posterior
/usr/bin/segloop-cli import "$project" "$root/tests/data/hippocampus/imagesTr" \
  --labels "$work/labels"
/usr/bin/segloop-cli train "$project" --method supervised --iterations 2 --base-channels 4 \
  --levels 3 --patch 16x16x16 --device cpu --optimizer adam --threads 1 --no-quality \
  >"$work/train.log" 2>&1 || { cat "$work/train.log"; fail "train"; }
tail -n 1 "$work/train.log"
grep -q "Finished after 2 iterations; model 1" "$work/train.log" ||
  fail "train: $(cat "$work/train.log")"
out=$(/usr/bin/segloop-cli predict "$project" 2>&1) || fail "predict: $out"
echo "$out" | tail -n 1
[[ "$out" == *"Saved 2 pseudo-labels of model 1"* ]] || fail "predict: $out"
out=$(/usr/bin/segloop-cli info "$project")
[[ "$out" == *"2 human, 2 pseudo"* ]] || fail "info: $out"
# A model bundle, where the CLI has them (export-model; not a condition of this test): exported
# from the project, then run without it on a file.
if /usr/bin/segloop-cli export-model --help >/dev/null 2>&1; then
  /usr/bin/segloop-cli export-model "$project" "$work/hippocampus.segloop-model" \
    >"$work/bundle.log" 2>&1 || { cat "$work/bundle.log"; fail "export-model"; }
  /usr/bin/segloop-cli predict --model "$work/hippocampus.segloop-model" \
    "$root/tests/data/hippocampus/imagesTr/hippocampus_006.nii.gz" --out "$work/bundle-out" \
    >"$work/bundle.log" 2>&1 || { cat "$work/bundle.log"; fail "predict --model BUNDLE"; }
  [[ -f "$work/bundle-out/hippocampus_006_seg.nii.gz" ]] ||
    fail "predict --model BUNDLE wrote no hippocampus_006_seg.nii.gz: $(ls "$work/bundle-out")"
  echo "model bundle: exported, predicted hippocampus_006 without the project"
fi
# The window, on a virtual display (ctest runs under xvfb-run in scripts/test.sh): the installed
# Qt, VTK and OpenGL libraries draw the project.
display=()
if [[ $gui -eq 1 && -z "${DISPLAY:-}" ]] && command -v xvfb-run >/dev/null; then
  display=(xvfb-run -a -s '-screen 0 1280x800x24 -noreset')
fi
if [[ $gui -eq 1 && ( -n "${DISPLAY:-}" || ${#display[@]} -gt 0 ) ]]; then
  "${display[@]}" /usr/bin/segloop --screenshot "$work/window.png" "$project" 2>"$work/gui.log" ||
    { cat "$work/gui.log"; fail "segloop --screenshot"; }
  [[ $(stat -c %s "$work/window.png" 2>/dev/null || echo 0) -gt 10000 ]] ||
    fail "the installed window drew no screenshot: $(cat "$work/gui.log")"
  echo "window screenshot: $(stat -c %s "$work/window.png") bytes"
elif [[ $gui -eq 1 ]]; then
  echo "(no display and no xvfb-run: the window is not tried)"
fi

step "removing it"
dpkg -r segloop >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r segloop"; }
rm -f "$marker"
for file in /usr/bin/segloop-cli /usr/bin/segloop /usr/share/applications/segloop.desktop \
  /usr/share/icons/hicolor/scalable/apps/segloop.svg /usr/share/mime/packages/segloop.xml; do
  [[ ! -e "$file" ]] || fail "$file is still there after dpkg -r segloop"
done
if [[ -d /usr/share/mime/application ]] && grep -q "x-segloop" /usr/share/mime/globs2; then
  fail "the MIME database still has SegLoop's types after dpkg -r"
fi
! is_installed || fail "dpkg still lists segloop as installed"
step "done: installed, used and removed $(basename "$deb")"
