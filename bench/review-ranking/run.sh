#!/usr/bin/env bash
# The review queue on real pseudo-labels (issue 31), as a user gets it: a project of 8 labelled
# and 72 unlabelled cases (bench/support/splits.sh, the user-defaults bench's pool), trained by
# the real `segloop-cli train` at its defaults (the quality predictor trains after the run),
# `predict` (which scores), then bench_review_ranking against the pool's true labels. Each
# further round corrects the first B of the quality queue with their true maps (`review
# --correct`'s code) and trains again from fresh weights, as a user's next run does.
#
# Usage: bench/review-ranking/run.sh DATASET [ROUNDS]
#   DATASET hippocampus | acdc (read from ../shared/data; acdc is never copied into the project)
#   ROUNDS  correction rounds after round 0 (default 0)
# Environment: SEGLOOP_RR_TRAIN_ARGS (extra `train` options, e.g. "--iterations 600"),
# SEGLOOP_RR_BATCH (B, default 8), SEGLOOP_RR_LABELLED (8), SEGLOOP_RR_POOL (72),
# SEGLOOP_RR_WORK (scratch, default /tmp/segloop-review-ranking), SEGLOOP_RR_OUT (tables and
# CSVs, default docs/bench-results/review-ranking), SEGLOOP_RR_CLI.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dataset=${1:?dataset: hippocampus or acdc}
rounds=${2:-0}
split=validation  # the pool is the same for every split; eval.txt is not used here
labelled=${SEGLOOP_RR_LABELLED:-8}
poolSize=${SEGLOOP_RR_POOL:-72}
batch=${SEGLOOP_RR_BATCH:-8}
work=${SEGLOOP_RR_WORK:-/tmp/segloop-review-ranking}
out=${SEGLOOP_RR_OUT:-$root/docs/bench-results/review-ranking}
cli=${SEGLOOP_RR_CLI:-$root/build/app/segloop-cli}
ranking=$root/build/bench/review-ranking/bench_review_ranking
data=$root/../shared/data/$dataset
[ -d "$data/imagesTr" ] || { echo "review-ranking bench skipped: $data is absent"; exit 0; }
for tool in "$cli" "$ranking"; do
  [ -x "$tool" ] || { echo "no $tool: build first (scripts/build.sh)" >&2; exit 1; }
done
classes=anterior,posterior
[ "$dataset" = acdc ] && classes=right-ventricle,myocardium,left-ventricle
# shellcheck source=../support/splits.sh
source "$root/bench/support/splits.sh"

split_cases
project=$work/$dataset/project
rm -rf "$project"
"$cli" init "$project" --classes "$classes" >/dev/null
import_with_labels "$project" "$work/$dataset/labelled.txt"
import_images "$project" "$work/$dataset/pool.txt"
mkdir -p "$out"
report=$out/$dataset.md
echo "Review ranking, $dataset: $labelled labelled + $poolSize pool cases, B = $batch, train" \
  "options: ${SEGLOOP_RR_TRAIN_ARGS:-(defaults)}, $(date -u +%Y-%m-%d)" >"$report"
for round in $(seq 0 "$rounds"); do
  start=$(date +%s)
  # shellcheck disable=SC2086
  "$cli" train "$project" ${SEGLOOP_RR_TRAIN_ARGS:-} >"$work/$dataset/train-$round.log" 2>&1
  "$cli" predict "$project" >"$work/$dataset/predict-$round.log" 2>&1
  correct=()
  [ "$round" -lt "$rounds" ] && correct=(--correct "$batch")
  {
    echo
    echo "Round $round ($(($(date +%s) - start)) s to train, predict and score):"
    echo
    "$ranking" "$project" "$(dirname "$(head -1 "$work/$dataset/pool.txt")" |
      sed -E 's,/imagesTr$,/labelsTr,')" --first "$batch" --csv "$out/$dataset-round-$round" \
      "${correct[@]}"
  } | tee -a "$report"
done
if command -v gnuplot >/dev/null; then
  gnuplot -e "dataset='$dataset'; folder='$out'; rounds=$rounds" \
    "$root/bench/review-ranking/reliability.gp"
fi
