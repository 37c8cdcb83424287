#!/usr/bin/env bash
# Installs the Debian 12 packages SegLoop needs, only those missing (a second run installs nothing).
# Run as root. Used by scripts/demo.sh and scripts/test.sh.
set -euo pipefail

packages=(
  # toolchain (dpkg-dev: dpkg-shlibdeps, the .deb's dependencies in scripts/package.sh)
  g++ cmake ninja-build pkg-config ccache git dpkg-dev
  # libraries (DESIGN.md): DICOM, NIfTI, SQLite, zlib, tests
  libdcmtk-dev libnifti2-dev libsqlite3-dev zlib1g-dev libdeflate-dev libgtest-dev
  # the learning engine (CPU LibTorch 1.13) and its Python twin for the speed benchmark
  libtorch-dev python3-torch
  # the desktop application (DESIGN.md): Qt 6, VTK 9, Dear ImGui, and Xvfb for the GUI tests
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libvtk9-dev libimgui-dev
  xvfb xauth libgl1-mesa-dri
  # reference tools the tests and benchmarks compare against
  dcm2niix python3-nibabel
  # DICOM out and in: a validator, an independent reader, a real PACS on loopback (Orthanc with
  # DICOMweb) and the HTTP client of the DICOMweb side
  dicom3tools python3-pydicom orthanc orthanc-dicomweb libcurl4-openssl-dev
  nlohmann-json3-dev
  # segloop-cli's command line (CLI11) and SHA-256 (nettle)
  libcli11-dev nettle-dev
  # the format check (.clang-format, ctest Format.ClangFormatClean)
  clang-format
  # model bundles (workflow/BundleArchive): zip files through zlib's minizip
  libminizip-dev
  # the report test opens `segloop-cli report`'s page in a real (headless) browser
  chromium
  # reliability (docs/reliability.md): libFuzzer (scripts/fuzz.sh), prlimit and setpriv (the
  # full-disk and read-only tests)
  clang util-linux
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages (${missing[*]}); run as root or install them yourself" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
