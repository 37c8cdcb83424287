#!/usr/bin/env bash
# The GPU rows of issue 3, for a lent GPU machine that has PyTorch (CUDA) but none of Debian's
# libraries and no network: builds the learning engine and its benchmarks alone
# (-DSEGLOOP_LEARNING_ONLY=ON: no DICOM, SQLite, CLI, GUI or tests) against PyTorch's own
# LibTorch, then times a 112x112x80 mean-teacher step at batch 4, fp32 against mixed precision.
#
#   bash scripts/gpu-bench.sh --prepare   # here, with apt and ../shared: fills .devdeps/ with the
#                                         # .debs of niftilib, libdeflate and zlib's headers
#                                         # (1.3 MB) and .devdata/ with the hippocampus set (20 MB)
#   bash scripts/gpu-bench.sh [OUT_DIR]   # there: build and run; logs and gpu-step.md in OUT_DIR
#
# With the device tool: run(command="bash scripts/gpu-bench.sh $OUT", carry=[".devdeps",
# ".devdata"]). Both folders are ignored by git (.git/info/exclude, written by --prepare).
# Without PyTorch the build uses the system LibTorch (Debian's, CPU only) and the benchmark says
# "skipped": a dry run of this script. SEGLOOP_BUILD_TYPE overrides Release (RelWithDebInfo
# reuses ./build's ccache entries here). Not yet run on a GPU machine: PyTorch 2.x's headers and
# that machine's libraries are untried.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
debs="$root/.devdeps"
data="$root/.devdata/hippocampus"

if [[ "${1:-}" == "--prepare" ]]; then
  for ignored in /.devdeps/ /.devdata/; do
    grep -qxF "$ignored" "$root/.git/info/exclude" 2>/dev/null || echo "$ignored" >>"$root/.git/info/exclude"
  done
  mkdir -p "$debs" "$root/.devdata"
  (cd "$debs" && apt-get download libnifti2-dev libnifti2-2 libniftiio-dev libznz-dev libznz3 libdeflate-dev \
    libdeflate0 zlib1g-dev 2>/dev/null)
  rm -rf "$data"
  cp -r "$root/../shared/data/hippocampus" "$data"
  echo "prepared $(ls "$debs" | wc -l) packages in $debs and $(ls "$data/imagesTr" | wc -l) images in $data"
  exit 0
fi

out="${1:-$root/build-gpu}"
mkdir -p "$out"
[[ -d "$data/imagesTr" ]] || { echo "gpu-bench.sh: $data is missing: run --prepare first" >&2; exit 1; }
deps=/tmp/segloop-devdeps  # unpacked apart from /, never over the system's own files
rm -rf "$deps" && mkdir -p "$deps"
for deb in "$debs"/*.deb; do
  if command -v dpkg >/dev/null; then
    dpkg -x "$deb" "$deps"
  else  # a .deb is an ar archive; Debian 12 packs its files as data.tar.xz
    ar p "$deb" data.tar.xz | tar -xJ -C "$deps"
  fi
done
libs="$deps/usr/lib/x86_64-linux-gnu"
if [[ ! -e "$libs/libz.so" ]]; then  # zlib1g-dev's link points at the system's libz.so.1
  ln -sf "$(ldconfig -p | awk '/libz\.so\.1 .*x86-64/ {print $NF; exit}')" "$libs/libz.so"
fi
prefix="$deps/usr"
if torch_prefix=$(python3 -c 'import torch.utils; print(torch.utils.cmake_prefix_path)' 2>/dev/null); then
  prefix="$prefix;$torch_prefix"
fi
export PKG_CONFIG_SYSROOT_DIR="$deps" PKG_CONFIG_PATH="$libs/pkgconfig"
export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
build="$root/build-gpu"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SEGLOOP_BUILD_TYPE:-Release}" \
  -DSEGLOOP_LEARNING_ONLY=ON \
  -DCMAKE_PREFIX_PATH="$prefix" >"$out/configure.log" 2>&1 || { tail -40 "$out/configure.log"; exit 1; }
grep -E "NIFTI2_LIBRARY|Torch_DIR|LIBDEFLATE_LIBDIR" "$build/CMakeCache.txt" | tee "$out/found.txt"
cmake --build "$build" -j"$(nproc)" --target bench_gpu_step_time >"$out/build.log" 2>&1 ||
  { tail -40 "$out/build.log"; exit 1; }
"$build/bench/learning/bench_gpu_step_time" "$data" cuda 30 5 | tee "$out/gpu-step.md"
