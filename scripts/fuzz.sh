#!/usr/bin/env bash
# Fuzzing (issue 30): scripts/fuzz.sh TARGET SECONDS runs the libFuzzer target fuzz_TARGET for
# SECONDS on one core and prints executions, coverage (cov/ft), corpus size and findings.
# SEGLOOP_FUZZ_RUNS=N stops it earlier, after N executions (the issue's 10 million).
#   scripts/fuzz.sh --list               the targets
#   scripts/fuzz.sh --merge TARGET       minimise the working corpus into tests/data/fuzz/TARGET
# Builds build-fuzz (clang, -DSEGLOOP_FUZZ=ON: libFuzzer + ASan + UBSan) when needed. The working
# corpus lives outside the clone, in $SEGLOOP_FUZZ_HOME/TARGET (default
# ~/.cache/segloop-fuzz), seeded from tests/data/fuzz/TARGET, tests/data and ../shared/data when
# present; crashes, leaks, timeouts and out-of-memory inputs go to $SEGLOOP_FUZZ_HOME/findings/TARGET.
# Each finding becomes a regression input in tests/data/fuzz/TARGET (named after what it shows)
# that the ctest test fuzz.TARGET replays in every normal build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SEGLOOP_FUZZ_BUILD:-$root/build-fuzz}
home=${SEGLOOP_FUZZ_HOME:-$HOME/.cache/segloop-fuzz}
shared=$root/../shared/data
targets="nifti dicom_file dicom_series dicom_seg rtstruct settings_text bundle_manifest project"

usage() {
  echo "usage: $0 TARGET SECONDS | --merge TARGET | --list   (targets: $targets)" >&2
  exit 2
}

# max_len per target: a real file of its kind fits (larger seeds are cut to it).
max_len_of() {
  case "$1" in
    nifti) echo 131072 ;;
    dicom_file | dicom_seg) echo 262144 ;;
    dicom_series | rtstruct) echo 65536 ;;
    settings_text) echo 8192 ;;
    bundle_manifest) echo 16384 ;;
    project) echo 131072 ;;
    *) usage ;;
  esac
}

# max_len for --merge: the stored corpus stays small (tests/data/fuzz under ~3 MB in all); longer
# inputs are kept cut to this length.
merge_len_of() {
  case "$1" in
    nifti | project) echo 131072 ;;
    dicom_file | dicom_seg | rtstruct) echo 32768 ;;
    dicom_series) echo 12288 ;;
    *) max_len_of "$1" ;;
  esac
}

dict_of() {
  case "$1" in
    dicom_*|rtstruct) echo "$root/tests/fuzz/dicom.dict" ;;
  esac
}

build_target() {
  command -v clang++ >/dev/null || bash "$root/scripts/install-deps.sh"  # clang (libFuzzer)
  export CCACHE_BASEDIR=$root CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/segloop-ccache} CCACHE_NOHASHDIR=1
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSEGLOOP_FUZZ=ON >/dev/null
  fi
  cmake --build "$build" --target "fuzz_$1" -j "${SEGLOOP_FUZZ_BUILD_JOBS:-2}" >/dev/null
}

# Real files of the target's kind (small ones; ACDC is never used), copied into the corpus.
seed_corpus() {
  local target=$1 corpus=$2 file n
  cp -n "$root/tests/data/fuzz/$target/"* "$corpus/" 2>/dev/null || true
  case "$target" in
    nifti)
      for file in "$root"/tests/data/hippocampus/labelsTr/*.nii.gz \
                  $(ls "$shared"/hippocampus/labelsTr/*.nii.gz 2>/dev/null | head -8); do
        gzip -dc "$file" >"$corpus/raw-$(basename "$file" .gz)"
        cp -n "$file" "$corpus/"
      done ;;
    dicom_file)
      for file in "$root"/tests/data/dicom/*/15.dcm "$root"/tests/data/dicom/non-image/* \
                  $(ls "$shared"/dicom/hippo-crop/*/1.dcm "$shared"/dicom/mr-brain/study3/*/000000.dcm \
                       "$shared"/dicom-seg/*/image/IMG0001.dcm 2>/dev/null); do
        cp "$file" "$corpus/real-$(basename "$(dirname "$file")")-$(basename "$file")"
      done ;;
    dicom_series)
      for folder in "$root"/tests/data/dicom/hippo12* $(ls -d "$shared"/dicom/hippo-crop/* \
                    "$shared"/dicom-seg/*/image 2>/dev/null); do
        n=$(ls "$folder"/*.dcm | head -3)
        python3 -c 'import sys; open(sys.argv[1], "wb").write(b"\n--next-file--\n".join(open(f, "rb").read() for f in sys.argv[2:]))' \
          "$corpus/real-series-$(basename "$folder")" $n
      done ;;
    dicom_seg)
      for file in $(ls "$shared"/dicom-seg/*.dcm "$shared"/dicom-seg/*/seg/*.seg 2>/dev/null); do
        cp "$file" "$corpus/real-$(basename "$(dirname "$file")")-$(basename "$file")"
      done ;;
    rtstruct)
      cp "$root/tests/data/dicom/non-image/rtstruct.dcm" "$corpus/real-rtstruct-header.dcm" ;;
  esac
}

case "${1:-}" in
  --list) echo "$targets"; exit 0 ;;
  --merge)
    target=${2:-}; [ -n "$target" ] || usage
    max_len=$(merge_len_of "$target")
    build_target "$target"
    mkdir -p "$root/tests/data/fuzz/$target"
    # -use_counters=0: keep every edge covered, not every hit count (5 times fewer files).
    "$build/tests/fuzz/fuzz_$target" -merge=1 -use_counters=0 -max_len="$max_len" -rss_limit_mb=2048 \
      "$root/tests/data/fuzz/$target" "$home/$target" 2>&1 | grep -E "MERGE-OUTER: [0-9]+ new|ERROR" || true
    echo "tests/data/fuzz/$target: $(ls "$root/tests/data/fuzz/$target" | wc -l) files," \
         "$(du -sh "$root/tests/data/fuzz/$target" | cut -f1)"
    exit 0 ;;
esac
[ $# -eq 2 ] || usage
target=$1 seconds=$2
max_len=$(max_len_of "$target")
build_target "$target"
corpus=$home/$target
findings=$home/findings/$target
mkdir -p "$corpus" "$findings"
seed_corpus "$target" "$corpus"
log=$home/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log
mkdir -p "$(dirname "$log")"
dict=$(dict_of "$target")
before=$(ls "$findings" | wc -l)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "fuzz_$target for ${seconds}s, max_len $max_len, corpus $corpus, log $log"
status=0
"$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=30 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" \
  ${SEGLOOP_FUZZ_RUNS:+-runs="$SEGLOOP_FUZZ_RUNS"} ${dict:+-dict="$dict"} "$corpus" >"$log" 2>&1 || status=$?
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
echo "target $target: seconds $seconds, executions ${runs:-?}, exec/s ${speed:-?}, cov ${cov:-?}, ft ${ft:-?}"
echo "corpus: $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)"
after=$(ls "$findings" | wc -l)
if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
  echo "FINDINGS ($((after - before)) new, exit $status) in $findings:"
  ls -t "$findings" | head -$((after - before > 0 ? after - before : 5))
  grep -E "ERROR: |runtime error|SUMMARY" "$log" | head -5
  exit 1
fi
echo "findings: none (log $log)"
