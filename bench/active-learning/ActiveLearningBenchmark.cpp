// The human-in-the-loop cycle replayed by a simulated annotator on the hippocampus set: each
// review strategy picks which pseudo-labels get corrected (replaced by the truth) each round;
// test Dice against corrected cases and corrected voxels. Prints markdown, writes a CSV for the
// plot. Usage: bench_active_learning HIPPOCAMPUS_DIR [quick|full] [CSV_FILE]
// Environment (for investigations and smoke runs; the documented runs set none):
// SEGLOOP_AL_STRATEGIES (e.g. "quality,random"; random is needed for the summary; for diagnosis
// also "oracle" and "random-SEED", see LoopStrategy),
// SEGLOOP_BENCH_ITERATIONS and SEGLOOP_AL_QUALITY_ITERATIONS override the preset's budgets,
// SEGLOOP_AL_INITIAL_LABELLED sets k, SEGLOOP_AL_SELF_TRAINING=1 trains on the pseudo-labels
// too (LoopPreset::trainOnPseudoLabels), SEGLOOP_AL_EARLY_SNAPSHOTS="0.1,0.25" teaches `quality`
// with partially trained segmenters too (LoopPreset::earlySnapshots),
// SEGLOOP_AL_REAL_MASK_PROBABILITY and SEGLOOP_AL_QUALITY_SEED set the predictor's
// realMaskProbability and seed, SEGLOOP_AL_QUALITY_ENSEMBLE=N ranks by the mean of N predictors
// (seeds seed..seed+N-1), SEGLOOP_AL_SCORES_CSV=FILE appends each ranked case's score and true
// Dice, SEGLOOP_AL_LAST_ROUND=N stops every strategy after round N, SEGLOOP_AL_METHOD trains the
// segmenter with another method (e.g. sgrs; the unlabelled pool cases are its unlabelled set) and
// SEGLOOP_AL_SETTINGS="key = value; ..." sets its settings (with quality-guided the loop trains
// and passes each round's predictor itself, see ActiveLearningLoop::predictorForTraining)
// (round 0 alone gives each strategy's score Spearman on the first model's pseudo-labels).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "bench/active-learning/ActiveLearningLoop.h"
#include "bench/support/HippocampusSplit.h"
#include "bench/support/SettingsList.h"
#include "core/Error.h"

namespace {

using namespace segloop;
using namespace segloop::bench;

LoopPreset presetNamed(const std::string& name) {
    LoopPreset preset;
    if (name == "full") {
        preset.name = "full";
        preset.poolCases = 208, preset.testCases = 52, preset.initialLabelled = 4;
        preset.batch = 8, preset.rounds = 6;
        preset.method = "mean-teacher", preset.iterations = 3000, preset.baseChannels = 16;
        preset.qualityIterations = 1500, preset.device = "auto";
        return preset;
    }
    preset.name = "quick";
    preset.poolCases = 60, preset.testCases = 26, preset.initialLabelled = 4;
    preset.batch = 4, preset.rounds = 4;
    // Semi-supervised with quality-weighted pseudo-labels, the accuracy preset's mean-teacher
    // settings: the first loop in which worst-first (the oracle) beat random at k = 4
    // (bench/active-learning/notes.md); supervised training at 300 iterations could not.
    // Round 0 trains 600 iterations; each later round continues that run for 200 more with the
    // corrections, as the app's trainer does (its learning-rate decay restarting with each
    // round's new labels): 600 from fresh weights every round took 56 min.
    preset.method = "quality-guided", preset.iterations = 600, preset.roundIterations = 200;
    preset.baseChannels = 8;
    // The consistency weight ramps up over round 0 (600 of the 1400 iterations), as it did
    // over the whole of a 600-iteration run.
    preset.methodSettings =
        "methods.ramp_up_fraction = 0.43\nmethods.strong_student_view = 1\n"
        "methods.mean_teacher_weight = 1\nmethods.ema_max_decay = 0.98\n";
    preset.qualityIterations = 200, preset.qualityEnsemble = 3, preset.device = "cpu";
    return preset;
}

/// Corrections (cases or voxels, by `amount`) after which a strategy's test Dice reaches `dice`
/// and stays there in every later round (a lucky spike does not count), interpolated linearly
/// between the last round below and the first at or above; nullopt when it never does.
std::optional<double> effortToReach(const std::vector<RoundResult>& rounds, double dice,
                                    double (*amount)(const RoundResult&)) {
    size_t first = rounds.size();
    while (first > 0 && rounds[first - 1].testDice >= dice)
        --first;
    if (first == rounds.size())
        return std::nullopt;
    if (first == 0)
        return amount(rounds[0]);
    const RoundResult& a = rounds[first - 1];
    const RoundResult& b = rounds[first];
    const double t = (dice - a.testDice) / (b.testDice - a.testDice);
    return amount(a) + t * (amount(b) - amount(a));
}

double cases(const RoundResult& r) {
    return double(r.correctedCases);
}
double voxels(const RoundResult& r) {
    return double(r.correctedVoxels);
}

/// Random's final test Dice, the reference of the target: the mean over every random run
/// ("random" and each "random-SEED"), since one shuffle is a lucky or an unlucky draw.
void printSummary(const std::map<std::string, std::vector<RoundResult>>& all) {
    const auto random = all.find("random");
    if (random == all.end())
        return;
    const RoundResult& last = random->second.back();
    double referenceSum = 0, voxelSum = 0;
    int randomRuns = 0;
    std::string finals;
    for (const auto& [name, rounds] : all) {
        if (loopStrategyFromName(name).strategy == ReviewStrategy::Random) {
            referenceSum += rounds.back().testDice;
            voxelSum += voxels(rounds.back());
            ++randomRuns;
            finals +=
                (finals.empty() ? "" : ", ") + std::to_string(rounds.back().testDice).substr(0, 6);
        }
    }
    const double reference = referenceSum / randomRuns;
    const double referenceVoxels = voxelSum / randomRuns;
    std::printf(
        "\nRandom's final test Dice: %.4f after %zu corrected cases (%.0f voxels)%s. "
        "Effort after which each strategy's test Dice reaches it and stays there (linear between "
        "rounds):\n\n",
        reference, last.correctedCases, referenceVoxels,
        randomRuns > 1
            ? (", the mean over " + std::to_string(randomRuns) + " shuffles (" + finals + ")")
                  .c_str()
            : "");
    std::printf(
        "| strategy | cases | fewer cases than random | voxels | fewer voxels | final "
        "label-set Dice |\n|---|---:|---:|---:|---:|---:|\n");
    for (const auto& [name, rounds] : all) {
        const auto c = effortToReach(rounds, reference, cases);
        const auto v = effortToReach(rounds, reference, voxels);
        std::printf(
            "| %s | %s | %s | %s | %s | %.4f |\n", name.c_str(),
            c ? std::to_string(std::lround(*c * 10) / 10.0).substr(0, 4).c_str() : "not reached",
            c ? (std::to_string(std::lround(100 * (1 - *c / cases(last)))) + "%").c_str() : "-",
            v ? std::to_string(std::llround(*v)).c_str() : "not reached",
            v ? (std::to_string(std::lround(100 * (1 - *v / referenceVoxels))) + "%").c_str() : "-",
            rounds.back().labelSetDice);
    }
    const auto quality = all.find("quality");
    if (quality != all.end()) {
        const auto c = effortToReach(quality->second, reference, cases);
        const bool met = c && *c <= 0.7 * cases(last);
        std::printf(
            "\nTarget (quality reaches random's final Dice with at least 30%% fewer "
            "corrected cases, reaching it to stay): %s\n",
            met ? "met" : "NOT met");
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s HIPPOCAMPUS_DIR [quick|full] [CSV_FILE]\n", argv[0]);
        return 2;
    }
    const std::string folder = argv[1];
    if (!std::filesystem::is_directory(folder + "/imagesTr")) {
        std::printf("Active-learning benchmark skipped: %s/imagesTr is absent\n", folder.c_str());
        return 0;
    }
    LoopPreset preset = presetNamed(argc > 2 ? argv[2] : "quick");
    if (const char* value = std::getenv("SEGLOOP_BENCH_ITERATIONS"))
        preset.iterations = std::atoll(value);
    if (const char* value = std::getenv("SEGLOOP_AL_ROUND_ITERATIONS"))
        preset.roundIterations = std::atoll(value);
    if (const char* value = std::getenv("SEGLOOP_AL_METHOD"))
        preset.method = value;
    if (const char* value = std::getenv("SEGLOOP_AL_SETTINGS"))
        preset.methodSettings = settingsLines(value);
    if (const char* value = std::getenv("SEGLOOP_AL_QUALITY_ITERATIONS")) {
        preset.qualityIterations = std::atoll(value);
    }
    if (const char* value = std::getenv("SEGLOOP_AL_INITIAL_LABELLED")) {
        preset.initialLabelled = size_t(std::atoll(value));
    }
    if (const char* value = std::getenv("SEGLOOP_AL_SELF_TRAINING")) {
        preset.trainOnPseudoLabels = std::string(value) == "1";
    }
    if (const char* value = std::getenv("SEGLOOP_AL_EARLY_SNAPSHOTS")) {
        preset.earlySnapshots.clear();
        std::stringstream fractions(value);
        for (std::string f; std::getline(fractions, f, ',');)
            preset.earlySnapshots.push_back(std::atof(f.c_str()));
    }
    if (const char* value = std::getenv("SEGLOOP_AL_REAL_MASK_PROBABILITY"))
        preset.realMaskProbability = std::atof(value);
    if (const char* value = std::getenv("SEGLOOP_AL_QUALITY_SEED"))
        preset.qualitySeed = std::strtoull(value, nullptr, 10);
    if (const char* value = std::getenv("SEGLOOP_AL_QUALITY_ENSEMBLE"))
        preset.qualityEnsemble = std::atoi(value);
    if (const char* value = std::getenv("SEGLOOP_AL_LAST_ROUND"))
        preset.lastRound = std::atoi(value);
    const char* chosen = std::getenv("SEGLOOP_AL_STRATEGIES");
    std::stringstream names(chosen != nullptr ? chosen : "quality,entropy,random,random-7");
    std::ofstream csv(argc > 3 ? argv[3] : "/dev/null");
    csv << "strategy,round,corrected_cases,corrected_voxels,test_dice,label_set_dice\n";
    try {
        const HippocampusSplit split = splitHippocampus(folder);
        const uint64_t lastSeed = preset.qualitySeed + uint64_t(preset.qualityEnsemble) - 1;
        const std::string ranking = preset.qualityEnsemble > 1
                                        ? "the mean of " + std::to_string(preset.qualityEnsemble) +
                                              " (seeds " + std::to_string(preset.qualitySeed) +
                                              "..." + std::to_string(lastSeed) + ")"
                                        : "its predicted Dice";
        const bool restarts = ActiveLearningLoop::segmenterSettings(preset).restartDecayOnNewLabels;
        const std::string schedule =
            preset.roundIterations > 0
                ? "round 0 trains " + std::to_string(preset.iterations) +
                      " iterations from fresh weights and each later round continues the "
                      "previous round's run for " +
                      std::to_string(preset.roundIterations) +
                      " more with the corrections (the learning-rate decay ends at iteration " +
                      std::to_string(preset.roundEnd(preset.rounds)) +
                      (restarts ? " and, as in the app, starts again from the full rate when "
                                  "a round's corrections change the labelled set"
                                : ", one decay over all rounds") +
                      "), always"
                : "each round trains " + std::to_string(preset.iterations) +
                      " iterations from fresh weights with";
        std::printf(
            "Split: %s. Preset %s: the first %zu pool cases take part, the first %zu test "
            "cases measure; k = %zu labelled at the start, B = %zu corrected per round, "
            "%d rounds; %s `%s` (U-Net base %lld, Adam 1e-3, seed 1337) on %s; `quality` "
            "trains its "
            "predictor%s for %lld iterations each round on the labelled cases (corrupted "
            "masks, the model's outputs) and the pseudo-labels the corrections replaced "
            "(each round's before the correction) and ranks by %s. Device %s.\n\n",
            describeSplit(split).c_str(), preset.name.c_str(), preset.poolCases, preset.testCases,
            preset.initialLabelled, preset.batch, preset.rounds, schedule.c_str(),
            preset.method.c_str(), static_cast<long long>(preset.baseChannels),
            preset.trainOnPseudoLabels
                ? "the label set (the truth where labelled or corrected, after round 0 "
                  "the previous round's pseudo-labels elsewhere)"
            : preset.method == "supervised"
                ? "the labelled and corrected cases only"
                : "the labelled and corrected cases, the other pool cases unlabelled",
            preset.qualityEnsemble > 1 ? "s" : "", static_cast<long long>(preset.qualityIterations),
            ranking.c_str(), preset.device.c_str());
        if (preset.method == "quality-guided") {
            std::printf(
                "`quality-guided` weighs the unlabelled cases' pseudo-labels by a frozen quality "
                "predictor: before each round's training one is trained (same budget, seed %llu) "
                "on the labelled and corrected cases, the previous round's model's outputs on "
                "them and the pseudo-labels the corrections replaced (round 0: corrupted masks "
                "of the k labelled cases only).\n\n",
                static_cast<unsigned long long>(preset.qualitySeed));
        }
        if (!preset.methodSettings.empty())
            std::printf("Method settings (SEGLOOP_AL_SETTINGS):\n\n```\n%s```\n\n",
                        preset.methodSettings.c_str());
        std::printf(
            "| strategy | round | corrected cases | corrected voxels | test Dice | "
            "label-set Dice | score Spearman | minutes |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        std::fflush(stdout);
        ActiveLearningLoop loop(preset, split.pool, split.test);
        std::map<std::string, std::vector<RoundResult>> all;
        for (std::string name; std::getline(names, name, ',');) {
            all[name] = loop.run(loopStrategyFromName(name));
            for (const RoundResult& r : all[name]) {
                std::printf("| %s | %d | %zu | %lld | %.4f | %.4f | %s | %.1f |\n",
                            r.strategy.c_str(), r.round, r.correctedCases,
                            static_cast<long long>(r.correctedVoxels), r.testDice, r.labelSetDice,
                            std::isnan(r.scoreSpearman)
                                ? "-"
                                : std::to_string(r.scoreSpearman).substr(0, 5).c_str(),
                            r.minutes);
                csv << r.strategy << ',' << r.round << ',' << r.correctedCases << ','
                    << r.correctedVoxels << ',' << r.testDice << ',' << r.labelSetDice << '\n';
            }
            std::fflush(stdout);
        }
        if (preset.lastRound >= 0) {
            std::printf("\nNo summary: SEGLOOP_AL_LAST_ROUND=%d stopped the runs early.\n",
                        preset.lastRound);
        } else {
            printSummary(all);
        }
    } catch (const segloop::Error& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
