#!/usr/bin/env bash
# What a user gets (issue 32): trains through the real `segloop-cli train` of a project, with every
# option at its default except the method (and what SEGLOOP_UD_TRAIN_ARGS adds), then measures the
# chosen model on held-out cases with `segloop-cli evaluate` in a second project. The same code
# path as a user's run: the CLI's validation split, its checkpoint choice, its defaults.
#
# Usage: bench/user-defaults/run.sh DATASET SPLIT [METHODS] [SEEDS]
#   DATASET  hippocampus | acdc (read from ../shared/data; acdc is never copied into the project)
#   SPLIT    validation (choose settings here) | test (report once, after choosing)
#   METHODS  default "supervised mean-teacher sgrs buarl"; SEEDS default "1 2 3"
# Environment: SEGLOOP_UD_LABELLED (labelled volumes, default 8), SEGLOOP_UD_POOL (unlabelled pool
# volumes, default 72), SEGLOOP_UD_TRAIN_ARGS (extra `train` options, e.g. "--iterations 600"),
# SEGLOOP_UD_WORK (scratch folder, default /tmp/segloop-user-defaults), SEGLOOP_UD_CLI.
# Prints one table row per run and a summary with paired differences against supervised.
#
# Splits: bench/support/splits.sh (hippocampus validation n % 5 == 3, test n % 5 == 4; acdc
# imagesVal and imagesTs; the pool in a fixed shuffle, 8 labelled = 4 ACDC patients).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dataset=${1:?dataset: hippocampus or acdc}
split=${2:?split: validation or test}
methods=${3:-supervised mean-teacher sgrs buarl}
seeds=${4:-1 2 3}
labelled=${SEGLOOP_UD_LABELLED:-8}
poolSize=${SEGLOOP_UD_POOL:-72}
work=${SEGLOOP_UD_WORK:-/tmp/segloop-user-defaults}
cli=${SEGLOOP_UD_CLI:-$root/build/app/segloop-cli}
data=$root/../shared/data/$dataset
[ -d "$data/imagesTr" ] || { echo "user-defaults bench skipped: $data is absent"; exit 0; }
[ -x "$cli" ] || { echo "no $cli: build first (scripts/build.sh)" >&2; exit 1; }
classes=anterior,posterior
[ "$dataset" = acdc ] && classes=right-ventricle,myocardium,left-ventricle

# shellcheck source=../support/splits.sh
source "$root/bench/support/splits.sh"  # shuffled, split_cases, import_with_labels, import_images

prepare_templates() {  # one training project and one evaluation project per dataset and split
  local out=$work/$dataset
  rm -rf "$out/train-template" "$out/eval-template-$split"
  "$cli" init "$out/train-template" --classes "$classes" >/dev/null
  import_with_labels "$out/train-template" "$out/labelled.txt"
  [ -s "$out/pool.txt" ] && import_images "$out/train-template" "$out/pool.txt"
  "$cli" init "$out/eval-template-$split" --classes "$classes" >/dev/null
  import_with_labels "$out/eval-template-$split" "$out/eval.txt"
}

# run_one METHOD SEED: prints "method seed meanDice dice1 dice2 ... trainSeconds"
run_one() {
  local method=$1 seed=$2 out=$work/$dataset run start seconds
  run=$out/run-$split-$method-$seed
  rm -rf "$run"
  mkdir -p "$run"
  cp -a "$out/train-template" "$run/train"
  cp -a "$out/eval-template-$split" "$run/eval"
  start=$(date +%s)
  # shellcheck disable=SC2086
  "$cli" train "$run/train" --method "$method" --seed "$seed" --no-quality \
    ${SEGLOOP_UD_TRAIN_ARGS:-} >"$run/train.log" 2>&1
  seconds=$(($(date +%s) - start))
  "$cli" export-model "$run/train" "$run/model.segloop-model" >/dev/null
  "$cli" import-model "$run/eval" "$run/model.segloop-model" >/dev/null
  "$cli" evaluate "$run/eval" --csv "$run/eval.csv" >"$run/evaluate.log"
  awk -F, -v m="$method" -v s="$seed" -v t="$seconds" 'NR > 1 {
      sum[$3] += $4; n[$3]++; if (!($3 in seen)) { seen[$3] = 1; order[++k] = $3 } }
    END { total = 0; line = "";
      for (i = 1; i <= k; i++) { c = order[i]; d = sum[c] / n[c]; total += d;
        line = line sprintf(" %.4f", d) }
      printf "%s %s %.4f%s %d\n", m, s, total / k, line, t }' "$run/eval.csv"
}

split_cases
prepare_templates
echo "user-defaults: $dataset, $split split ($(wc -l <"$work/$dataset/eval.txt") cases)," \
  "$labelled labelled + $(wc -l <"$work/$dataset/pool.txt") unlabelled," \
  "train options: ${SEGLOOP_UD_TRAIN_ARGS:-(defaults)}"
rows=$work/$dataset/rows-$split.txt
: >"$rows"
for seed in $seeds; do
  for method in $methods; do
    run_one "$method" "$seed" | tee -a "$rows"
  done
done
echo
echo "| method | mean Dice (seeds $seeds) | per seed | paired difference with supervised | train s |"
echo "|---|---|---|---|---|"
awk '{ dice[$1, $2] = $3; t[$1] += $NF; n[$1]++; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 }
       if (!($2 in seenSeed)) { seenSeed[$2] = 1; seedOrder[++ns] = $2 } }
  END { for (i = 1; i <= k; i++) { m = order[i]; sum = 0; per = ""; diff = 0; nd = 0
          for (j = 1; j <= ns; j++) { s = seedOrder[j]; if ((m, s) in dice) { sum += dice[m, s]
            per = per sprintf("%s%.4f", per == "" ? "" : " / ", dice[m, s])
            if (("supervised", s) in dice) { diff += dice[m, s] - dice["supervised", s]; nd++ } } }
          printf "| %s | %.4f | %s | %s | %.0f |\n", m, sum / n[m], per,
            (m == "supervised" || nd == 0) ? "" : sprintf("%+.4f", diff / nd), t[m] / n[m] } }' "$rows"
