#!/usr/bin/env bash
# Runs benchmarks and writes docs/benchmarks.md. Each benchmark ("section") keeps its latest
# result, with its command line, date, commit and machine, in docs/bench-results/<section>.md;
# docs/benchmarks.md is rebuilt from all of them, so running one section keeps the others.
# Needs ../shared/data for the real-data rows (each benchmark says when it is skipped).
#
# Usage: bash scripts/bench.sh [--repeats N] [SECTION ...]
#   sections: nifti dicom step accuracy ui active-learning   (default: all; accuracy takes
#   about 45 minutes on 2 cores, active-learning 27-40, step about 15, ui about 5 under
#   Xvfb); `gpu-step` (not in the default list) times a 112x112x80 mean-teacher step at batch 4,
#   fp32 against mixed precision, on CUDA, and says "skipped" where LibTorch has no CUDA;
#   `report` only rebuilds docs/benchmarks.md from the stored results; `user-defaults` (not in the
#   default list: about 4 hours on 2 cores) trains through segloop-cli at its defaults on
#   hippocampus and acdc, test split, seeds 1 2 3 (bench/user-defaults/run.sh); `review-ranking`
#   (not in the default list: about 2 hours on 2 cores) measures the review queue on real
#   pseudo-labels of both data sets, 2 correction rounds (bench/review-ranking/run.sh).
#   Environment: SEGLOOP_ACCURACY_PRESET, SEGLOOP_ACTIVE_LEARNING_PRESET = quick|full (default
#   quick; full is meant for a GPU).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
repeats=3
if [[ "${1:-}" == "--repeats" ]]; then
  repeats="$2"
  shift 2
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  repeats="$1"  # the older form: bash scripts/bench.sh 3
  shift
fi
sections=("$@")
[[ ${#sections[@]} -gt 0 ]] || sections=(nifti dicom step accuracy ui active-learning)
shared="$root/../shared/data"
bin="$root/build/bench"
results="$root/docs/bench-results"
mkdir -p "$results"

if [[ "${sections[*]}" != "report" ]]; then
  bash "$root/scripts/install-deps.sh"
  bash "$root/scripts/build.sh" >/dev/null
fi

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), \
$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME")"

# run_section NAME TITLE COMMAND...: runs the benchmark, prints and stores its section.
run_section() {
  local name="$1" title="$2"
  shift 2
  local tmp settings
  tmp=$(mktemp)
  # The benchmarks' environment settings (seeds, presets, strategies) belong to the command line.
  settings=$(env | grep -E '^SEGLOOP_(BENCH|AL|ACCURACY|ACTIVE_LEARNING|UD|RR)_' | sort | sed 's/=\(.*\)/="\1" /' | tr -d '\n' || true)
  {
    echo "## $title"
    echo
    echo "_\`${settings}bash scripts/bench.sh --repeats $repeats $name\` on $(date -u +%Y-%m-%d), commit \
$(git -C "$root" rev-parse --short HEAD); $machine._"
    echo
    section_text_"$name"
    echo
    "$@"
  } | tee "$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$results/$name.md"
}

section_text_nifti() {
  echo "Every image (as float32, scaling applied) and every label map of \`../shared/data/hippocampus\`,"
  echo "one thread each, in the same run; best of $repeats from a warm page cache. Target: SegLoop faster."
}
section_text_dicom() {
  echo "Same files, same run. SegLoop \"load\" is scan + sort + decode into a volume; \"load + write\""
  echo "adds writing an uncompressed .nii, which is what \`dcm2niix -z n\` does. Target: no slower"
  echo "than dcm2niix. Best of $repeats runs."
}
section_text_step() {
  echo "One mean-teacher training step (patch sampling, student and teacher forward, losses,"
  echo "backward, clipping, SGD, EMA) of the C++ engine against the same network, losses and data"
  echo "pipeline in PyTorch Python (bench/learning/step_time.py, the same libtorch 1.13), interleaved"
  echo "in one run. The third row is the engine with glibc's allocator defaults"
  echo "(SEGLOOP_MALLOC_DEFAULTS=1): see \"Why the step was slow\" below the tables."
}
section_text_gpu-step() {
  echo "\`build/bench/learning/bench_gpu_step_time\`: one mean-teacher step (Trainer::step()) on a"
  echo "112x112x80 patch at batch 4 (2 labelled + 2 unlabelled), fp32 against mixed precision (CUDA"
  echo "autocast fp16 with a gradient scaler), median of 30 steps after 5 warm-up steps. Needs a"
  echo "build against a CUDA LibTorch (Debian's is CPU only)."
}
section_text_ui() {
  echo "Redraw time of the desktop window (\`build/bench/ui/bench_ui_redraw\`, bench/ui) in a temporary"
  echo "project: a 512x512x300 case (0.7x0.7x1.0 mm, int16 image) with a two-class pseudo-label is"
  echo "shown, a 96x96x48 case with a human label is what training learns from; window 1280x800 under"
  echo "\`xvfb-run -a -s '-screen 0 1280x800x24 -noreset'\`, Mesa llvmpipe (software OpenGL). Time from the input"
  echo "event to the presented frame: the clock starts just before the event is sent (arrow key or"
  echo "wheel on the axial view; the mouse release ending a quick brush stroke, whose 10 moves arrive"
  echo "before it; one mouse move of a slow drag) and stops when every slice view the event asked to"
  echo "redraw (\`RenderViewWidget::renderRequested\`) has painted (\`aboutToRender\`, paintGL) and presented"
  echo "that frame (\`RenderViewWidget::frameSwapped\`: each view is a native GL window that swaps its own"
  echo "buffers), the event loop running as in the application. The HUD is drawn in the view under the"
  echo "pointer only, so a stroke on the axial view redraws the axial view and the views whose slice it"
  echo "cuts; a slice change redraws the three (the crosshair moves). \"paintGL\" rows are each view's own"
  echo "paint time (\`RenderViewWidget::lastFrameMs\`) in the frames it drew. \"GUI stall\" is the longest time the GUI"
  echo "thread handled no event in the 2.5 s after a stroke (the 3D surface is rebuilt 400 ms after"
  echo "the last edit). \"training\" rows: a mean-teacher run (4 base channels, 16^3 patches, 1 thread)"
  echo "going on in the training service's worker, which runs at background priority (\`SCHED_IDLE\`,"
  echo "ui/README.md); the steps it made meanwhile are printed below the table. \"predicting\" rows: the"
  echo "window's Predict (the workflow's predict-and-score on its own background-priority thread) labelling"
  echo "the 512x512x300 case with the model that run recorded. Target: median under 16 ms, 95th percentile under"
  echo "33 ms. Measured on a shared 2-core machine: other jobs (builds, CI) may have run meanwhile;"
  echo "the load average before and after is printed below."
}
section_text_active-learning() {
  echo "A simulated annotator replays SegLoop's loop (\`build/bench/active-learning/bench_active_learning\`):"
  echo "start from k labelled cases; each round train the segmenter (quick preset: \`quality-guided\`, the"
  echo "labelled and corrected cases as labels, the other pool cases as unlabelled data whose pseudo-labels a"
  echo "frozen quality predictor weighs; round 0 from fresh weights, each later round continuing the previous"
  echo "round's run with the corrections, as the app's trainer does), predict every other pool case, score the"
  echo "pseudo-labels, take the B worst by the strategy and replace them"
  echo "with the truth (the correction; \"corrected voxels\" counts the voxels that changed), repeat."
  echo "Strategies as \`segloop-cli review-queue --strategy\` orders them: \`quality\` (lowest predicted"
  echo "Dice of quality predictors trained each round on the labelled cases and the replaced"
  echo "pseudo-labels), \`entropy\` (highest mean"
  echo "softmax entropy over the label's dilated foreground), \`random\` (two shuffles; their mean is the"
  echo "reference). \"test Dice\": mean foreground"
  echo "Dice of the round's model on the test cases; \"label-set Dice\": mean Dice of the pool's labels"
  echo "(1 for the labelled, the pseudo-label's true Dice for the rest); \"score Spearman\": rank"
  echo "correlation of the strategy's goodness estimate (quality, or minus the entropy) with the"
  echo "pseudo-labels' true Dice. Target: \`quality\` reaches random's final test Dice with at least 30%"
  echo "fewer corrected cases."
}
run_accuracy_bench() {
  "$bin/learning/bench_learning_accuracy" "$shared/hippocampus" "${SEGLOOP_ACCURACY_PRESET:-quick}"
  echo
  cat "$root/bench/learning/accuracy-notes.md"
}
run_active_learning_bench() {
  local csv="$results/active-learning.csv"
  "$bin/active-learning/bench_active_learning" "$shared/hippocampus" \
    "${SEGLOOP_ACTIVE_LEARNING_PRESET:-quick}" "$csv"
  if [[ -s "$csv" ]] && [[ $(wc -l <"$csv") -gt 1 ]]; then
    command -v gnuplot >/dev/null || apt-get install -y -q gnuplot-nox >/dev/null
    gnuplot -e "csv='$csv'; png='$results/active-learning.png'" "$root/bench/active-learning/plot.gp"
    echo
    echo "![Active-learning curves](bench-results/active-learning.png)"
  fi
  cat "$root/bench/active-learning/notes.md"
}
section_text_accuracy() {
  echo "Test Dice, Jaccard, HD95 and ASD per class (anterior / posterior hippocampus) of every"
  echo "method after the same number of iterations, on a fixed split; \"minutes\" is training plus"
  echo "inference on the 52 test cases. Means over test cases; HD95/ASD over the cases where both"
  echo "masks are non-empty."
}

section_text_user-defaults() {
  echo "What a user gets: \`segloop-cli train PROJECT --method M --seed S --no-quality\` with every"
  echo "other option at its default (plus \`\${SEGLOOP_UD_TRAIN_ARGS}\` when set), on 8 labelled and 72"
  echo "unlabelled volumes; the chosen model (the CLI's own validation split and checkpoint choice)"
  echo "exported, imported into a second project holding the held-out cases and their labels, and"
  echo "measured there by \`segloop-cli evaluate\`. Mean Dice over the foreground classes; paired"
  echo "differences with supervised-only, seed by seed (bench/user-defaults/run.sh)."
}
run_user_defaults_bench() {
  bash "$root/bench/user-defaults/run.sh" hippocampus test
  echo
  bash "$root/bench/user-defaults/run.sh" acdc test
  echo
  cat "$root/bench/user-defaults/notes.md"
}

section_text_review-ranking() {
  echo "The review queue on the pool's real pseudo-labels, as a reviewer feels it: a project of 8"
  echo "labelled and 72 unlabelled volumes trained by \`segloop-cli train\` at its defaults for 600"
  echo "steps, \`predict\` (which scores), then each strategy's precision of the first 8 (share in the"
  echo "worst quarter by true Dice), Spearman, MAE of the predicted Dice, and the gain of label-set"
  echo "Dice over random review captured after 8 and 16 corrections; two correction rounds"
  echo "(bench/review-ranking/run.sh)."
}
run_review_ranking_bench() {
  local out="$results/review-ranking"
  SEGLOOP_RR_OUT="$out" SEGLOOP_RR_TRAIN_ARGS="${SEGLOOP_RR_TRAIN_ARGS:---iterations 600}" \
    bash "$root/bench/review-ranking/run.sh" hippocampus 2
  echo
  SEGLOOP_RR_OUT="$out" SEGLOOP_RR_TRAIN_ARGS="${SEGLOOP_RR_TRAIN_ARGS:---iterations 600}" \
    bash "$root/bench/review-ranking/run.sh" acdc 2
  echo
  for dataset in hippocampus acdc; do
    [[ -f "$out/$dataset-reliability.png" ]] &&
      echo "![Reliability, $dataset](bench-results/review-ranking/$dataset-reliability.png)"
  done
  echo
  cat "$root/bench/review-ranking/notes.md"
}

run_ui_bench() {
  echo "Load before: \`$(uptime | sed 's/^ *//')\`"
  echo
  xvfb-run -a -s '-screen 0 1280x800x24 -noreset' "$bin/ui/bench_ui_redraw"
  echo
  echo "Load after: \`$(uptime | sed 's/^ *//')\`"
}

for section in "${sections[@]}"; do
  case "$section" in
    nifti)
      run_section nifti "Loading all hippocampus NIfTI cases: SegLoop against nibabel" \
        "$bin/nifti/bench_nifti_load" "$shared/hippocampus" "$root/bench/nifti/nibabel_load.py" "$repeats" ;;
    dicom)
      run_section dicom "DICOM series import: SegLoop against dcm2niix" \
        "$bin/dicom/bench_dicom_import" "$shared/dicom/mr-brain/study3" "$repeats" ;;
    step)
      run_section step "Training step: C++ engine against PyTorch Python, and peak memory" \
        "$bin/learning/bench_step_time" "$shared/hippocampus" "$root/bench/learning/step_time.py" \
        2 20 3 "$repeats" 200
      cat "$root/bench/learning/step-time-notes.md" >>"$results/step.md" ;;
    accuracy)
      run_section accuracy "Accuracy of the training methods on hippocampus (few labels)" \
        run_accuracy_bench ;;
    ui)
      # The window needs the GUI layers: build them (and only this benchmark) in ./build.
      cmake -S "$root" -B "$root/build" -DSEGLOOP_GUI=ON >/dev/null
      CCACHE_BASEDIR="$root" CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/segloop-ccache}" \
        CCACHE_NOHASHDIR=1 cmake --build "$root/build" --target bench_ui_redraw >/dev/null
      run_section ui "Desktop window: redraw after a slice change and a brush stroke" run_ui_bench ;;
    active-learning)
      run_section active-learning "Active learning: which pseudo-labels to correct first" \
        run_active_learning_bench ;;
    review-ranking)
      run_section review-ranking "Review ranking: are the cases shown first the wrong ones?" \
        run_review_ranking_bench ;;
    user-defaults)
      run_section user-defaults "Semi-supervised training at the user's defaults, through the CLI" \
        run_user_defaults_bench ;;
    gpu-step)
      run_section gpu-step "Training step on the GPU: fp32 against mixed precision" \
        "$bin/learning/bench_gpu_step_time" "$shared/hippocampus" cuda 30 5 ;;
    report) ;;
    *)
      echo "bench.sh: unknown section '$section' (nifti dicom step accuracy ui active-learning gpu-step user-defaults review-ranking report)" >&2
      exit 2 ;;
  esac
done

report="$root/docs/benchmarks.md"
tmp=$(mktemp)
{
  echo "# Benchmarks"
  echo
  echo "Rebuilt by \`bash scripts/bench.sh\` from docs/bench-results/*.md: each section says the"
  echo "command, date, commit and machine of its own last run. Ratios below 1 mean SegLoop is faster."
  for section in nifti dicom step gpu-step accuracy user-defaults ui active-learning review-ranking; do
    if [[ -f "$results/$section.md" ]]; then
      echo
      cat "$results/$section.md"
    fi
  done
} >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$report"
echo "wrote $report"
