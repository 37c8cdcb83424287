#!/usr/bin/env bash
# Runs every benchmark and writes the results, with the command and the machine, to
# docs/benchmarks.md. Needs ../shared/data for the real-data rows (skipped without it).
# Usage: bash scripts/bench.sh [REPEATS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
repeats="${1:-3}"
shared="$root/../shared/data"
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh" >/dev/null
bin="$root/build/bench"
report="$root/docs/benchmarks.md"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

{
  echo "# Benchmarks"
  echo
  echo "Produced by \`bash scripts/bench.sh $repeats\` on $(date -u +%Y-%m-%d), commit $(git -C "$root" rev-parse --short HEAD)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME")."
  echo "Times are the best of $repeats runs from a warm page cache; ratios below 1 mean SegLoop is faster."
  echo
  echo "## Loading all hippocampus NIfTI cases: SegLoop against nibabel"
  echo
  echo "Every image (as float32, scaling applied) and every label map of \`../shared/data/hippocampus\`,"
  echo "one thread each, in the same run. Target: SegLoop faster."
  echo
  "$bin/nifti/bench_nifti_load" "$shared/hippocampus" "$root/bench/nifti/nibabel_load.py" "$repeats"
  echo
  echo "## DICOM series import: SegLoop against dcm2niix"
  echo
  echo "Same files, same run. SegLoop \"load\" is scan + sort + decode into a volume; \"load + write\""
  echo "adds writing an uncompressed .nii, which is what \`dcm2niix -z n\` does. Target: no slower"
  echo "than dcm2niix."
  echo
  "$bin/dicom/bench_dicom_import" "$shared/dicom/mr-brain/study3" "$repeats"
} | tee "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$report"
trap - EXIT
echo "wrote $report"
