// Accuracy of the training methods on the hippocampus set: a fixed split, few labels, the same
// iteration budget for every method, test Dice/Jaccard/HD95/ASD per class. Prints markdown.
// Usage: bench_learning_accuracy HIPPOCAMPUS_DIR [quick|full] [RESULTS_FILE]
// Environment (for investigations; the documented runs set none): SEGLOOP_BENCH_ITERATIONS
// overrides the preset's iterations, SEGLOOP_BENCH_METHODS (e.g. "sgrs,buarl") runs only
// those methods and skips the 100% row unless it names "100%" too (then the gap closed is
// printed), SEGLOOP_BENCH_RAMP_FRACTION sets rampUpFraction,
// SEGLOOP_BENCH_SETTINGS applies `key = value` settings (SettingsText names, separated by ';',
// e.g. "methods.buarl_url_weight = 0"), SEGLOOP_BENCH_LABELLED (e.g. "4") runs only that count,
// SEGLOOP_BENCH_VALIDATION=N takes the last N cases out of the training pool and measures on
// them instead of the test split (to choose settings without looking at the test cases),
// SEGLOOP_BENCH_SEEDS="1337,2,3" runs every row once per seed and reports the means (and the
// spread of the mean Dice); a "seed = " in SEGLOOP_BENCH_SETTINGS would override them.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench/support/HippocampusSplit.h"
#include "bench/support/SettingsList.h"
#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/learning/inference/SegmentationModel.h"
#include "core/learning/training/Trainer.h"
#include "core/metrics/SegmentationMetrics.h"

namespace {

using namespace segloop;
using bench::settingsLines;
namespace fs = std::filesystem;

struct Preset {
    std::string name;
    int64_t iterations;
    int64_t baseChannels;
    std::string device;
    /// Method settings chosen for this budget on the validation split, never on the test split
    /// (bench/learning/accuracy-notes.md), as SettingsText lines applied over the defaults.
    std::string chosenSettings;
};

/// The quick preset's budget (400 steps) is 15x shorter than the schedule the methods' defaults
/// come from (15 000): values chosen on SEGLOOP_BENCH_VALIDATION=20 (accuracy-notes.md); the
/// strong student view and mean-teacher's weight 1 with paired seeds 1337, 2, 3 (2026-12-04);
/// sgrs's copy-paste mixing at its own weight 1 (2026-12-05, same seeds).
const char* const kQuickChosenSettings =
    "methods.ramp_up_fraction = 1.0; methods.sgrs_mix_mode = copy-paste; methods.sgrs_weight = 1; "
    "methods.buarl_weight = 0.1; methods.strong_student_view = 1; methods.mean_teacher_weight = 1";

struct RunResult {
    std::string method;
    size_t labelled = 0;
    std::vector<double> dice, jaccard, hd95, asd;  // per class, means over test cases
    std::vector<size_t> distanceCases;
    double meanDice = 0;
    double meanDiceSd = 0;  // over seeds
    size_t seeds = 1;
    std::vector<double> seedDice;  // mean Dice of each seed's run, in SEGLOOP_BENCH_SEEDS order
    double minutes = 0;
};

RunResult runOne(const std::string& method, size_t labelled, const TrainingCases& pool,
                 const TrainingCases& test, const Preset& preset, uint64_t seed) {
    TrainingCases train = pool;
    for (size_t n = labelled; n < train.size(); ++n) {
        train[n].labelPath.clear();  // hidden: unlabelled for the methods that use them
    }
    TrainingSettings settings;
    settings.method = method;
    settings.iterations = preset.iterations;
    settings.network.baseChannels = preset.baseChannels;
    settings.network.classes = 3;
    settings.device = preset.device;
    settings.optimizer = "adam";
    settings.learningRate = 1e-3;
    settings.validationInterval = 0;
    settings.seed = seed;
    // Later lines of a key win: the preset's chosen settings, then the investigation variables.
    std::string lines = settingsLines(preset.chosenSettings);
    if (const char* ramp = std::getenv("SEGLOOP_BENCH_RAMP_FRACTION")) {
        lines += "methods.ramp_up_fraction = " + std::string(ramp) + "\n";
    }
    if (const char* overrides = std::getenv("SEGLOOP_BENCH_SETTINGS")) {
        lines += settingsLines(overrides);
    }
    settings = bench::withSettingsLines(settings, lines, "SEGLOOP_BENCH_SETTINGS");
    const auto start = std::chrono::steady_clock::now();
    Trainer trainer(settings, train, {});
    while (!trainer.finished()) {
        const StepReport step = trainer.step();
        if (step.iteration % 100 == 0) {
            std::fprintf(stderr, "  %s/%zu: %lld/%lld loss %.4f (%.2f s/step)\n", method.c_str(),
                         labelled, static_cast<long long>(step.iteration),
                         static_cast<long long>(step.iterations), step.loss, step.secondsPerStep);
        }
    }
    const auto model = trainer.currentModel();
    RunResult result;
    result.method = method;
    result.labelled = labelled;
    std::vector<std::vector<ClassMetrics>> perClass(2);
    for (const TrainingCase& testCase : test) {
        const Prediction prediction = model->predict(readNiftiVolume(testCase.imagePath));
        const LabelMap reference = readNiftiLabelMap(testCase.labelPath);
        const auto metrics = computeSegmentationMetrics(prediction.labels, reference, {1, 2});
        for (size_t c = 0; c < 2; ++c) {
            perClass[c].push_back(metrics[c]);
        }
    }
    for (const auto& rows : perClass) {
        const ClassSummary summary = summariseClass(rows);
        result.dice.push_back(summary.dice.mean);
        result.jaccard.push_back(summary.jaccard.mean);
        result.hd95.push_back(summary.hausdorff95Mm.mean);
        result.asd.push_back(summary.averageSurfaceMm.mean);
        result.distanceCases.push_back(summary.hausdorff95Mm.count);
    }
    result.meanDice = (result.dice[0] + result.dice[1]) / 2;
    result.minutes =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
    return result;
}

/// SEGLOOP_BENCH_SEEDS ("1337,2,3"; default the trainer's 1337).
std::vector<uint64_t> benchSeeds() {
    std::vector<uint64_t> seeds;
    const char* list = std::getenv("SEGLOOP_BENCH_SEEDS");
    std::istringstream parts(list != nullptr ? list : "");
    for (std::string part; std::getline(parts, part, ',');) {
        if (!part.empty())
            seeds.push_back(std::stoull(part));
    }
    if (seeds.empty())
        seeds.push_back(TrainingSettings{}.seed);
    return seeds;
}

/// One run per seed; the metrics are their means, meanDiceSd the spread of the mean Dice.
RunResult runSeeds(const std::string& method, size_t labelled, const TrainingCases& pool,
                   const TrainingCases& test, const Preset& preset) {
    const std::vector<uint64_t> seeds = benchSeeds();
    std::vector<RunResult> runs;
    for (uint64_t seed : seeds) {
        runs.push_back(runOne(method, labelled, pool, test, preset, seed));
        if (seeds.size() > 1) {
            std::fprintf(stderr, "  %s/%zu seed %llu: mean Dice %.4f\n", method.c_str(), labelled,
                         static_cast<unsigned long long>(seed), runs.back().meanDice);
        }
    }
    RunResult mean = runs.front();
    const double n = double(runs.size());
    for (auto field : {&RunResult::dice, &RunResult::jaccard, &RunResult::hd95, &RunResult::asd}) {
        for (size_t c = 0; c < mean.dice.size(); ++c) {
            double sum = 0;
            for (const RunResult& run : runs)
                sum += (run.*field)[c];
            (mean.*field)[c] = sum / n;
        }
    }
    mean.meanDice = (mean.dice[0] + mean.dice[1]) / 2;  // as runOne derives it
    double squares = 0;
    mean.minutes = 0;
    for (const RunResult& run : runs) {
        squares += (run.meanDice - mean.meanDice) * (run.meanDice - mean.meanDice);
        mean.minutes += run.minutes;
    }
    mean.meanDiceSd = runs.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
    mean.seeds = runs.size();
    mean.seedDice.clear();
    for (const RunResult& run : runs)
        mean.seedDice.push_back(run.meanDice);
    return mean;
}

std::string row(const RunResult& r, size_t poolSize) {
    char spread[64] = "";
    if (r.seeds > 1) {
        std::snprintf(spread, sizeof spread, " ± %.3f (%zu seeds)", r.meanDiceSd, r.seeds);
    }
    char text[480];
    std::snprintf(text, sizeof text,
                  "| %zu (%.0f%%) | %s | %.4f | %.4f | **%.4f**%s | %.4f / %.4f | %.2f / %.2f | "
                  "%.2f / %.2f | %.1f |",
                  r.labelled, 100.0 * double(r.labelled) / double(poolSize), r.method.c_str(),
                  r.dice[0], r.dice[1], r.meanDice, spread, r.jaccard[0], r.jaccard[1], r.hd95[0],
                  r.hd95[1], r.asd[0], r.asd[1], r.minutes);
    return text;
}

using DiceTable = std::map<std::pair<size_t, std::string>, double>;

/// With several seeds: each method's mean Dice seed by seed, and its difference to
/// supervised-only with the same seed and labelled count. A seed fixes the initial weights and
/// the labelled patches for every method (PatchSampler), so these differences are the method's
/// own effect; the spread of the means above is mostly the seed's.
void printPaired(const std::vector<RunResult>& runs, const std::vector<uint64_t>& seeds) {
    if (seeds.size() < 2)
        return;
    std::printf("\nPaired with supervised-only, seed by seed (mean Dice; difference in brackets):"
                "\n\n| labelled | method |");
    for (uint64_t seed : seeds)
        std::printf(" seed %llu |", static_cast<unsigned long long>(seed));
    std::printf(" mean difference |\n|---|---|");
    for (size_t s = 0; s <= seeds.size(); ++s)
        std::printf("---|");
    std::printf("\n");
    for (const RunResult& run : runs) {
        const auto base = std::find_if(runs.begin(), runs.end(), [&](const RunResult& other) {
            return other.labelled == run.labelled && other.method == "supervised";
        });
        const bool paired = run.method != "supervised" && base != runs.end();
        const std::vector<double>& values = run.seedDice;
        std::printf("| %zu | %s |", run.labelled, run.method.c_str());
        double sum = 0;
        for (size_t s = 0; s < values.size(); ++s) {
            if (paired) {
                const double difference = values[s] - base->seedDice[s];
                sum += difference;
                std::printf(" %.4f (%+.4f) |", values[s], difference);
            } else {
                std::printf(" %.4f |", values[s]);
            }
        }
        if (paired)
            std::printf(" %+.4f |\n", sum / double(values.size()));
        else
            std::printf(" |\n");
    }
}

const char* const kSslMethods[] = {"mean-teacher", "sgrs", "buarl"};

double diceAt(const DiceTable& dice, size_t labelled, const std::string& method) {
    const auto found = dice.find({labelled, method});
    return found == dice.end() ? std::nan("") : found->second;
}

/// Prints the share of the gap between supervised-only and the 100% row (`upper`) that each
/// SSL method run at 4 labelled cases closes; returns the largest (-1 when none ran).
double printGapClosed(const DiceTable& dice, double upper) {
    const double base = diceAt(dice, 4, "supervised");
    double best = -1;
    std::printf("\nGap closed at 4 labelled cases, (method - supervised) / (100%% - supervised):");
    for (const char* method : kSslMethods) {
        if (dice.count({4, method}) == 0)
            continue;
        const double closed = (diceAt(dice, 4, method) - base) / (upper - base);
        best = std::max(best, closed);
        std::printf(" %s %.2f;", method, closed);
    }
    std::printf("\n");
    return best;
}

/// The gap closed at 4 labelled cases and the three targets, each met or not.
void printTargets(const DiceTable& dice, const std::vector<size_t>& counts, double upper) {
    const auto at = [&](size_t labelled, const std::string& method) {
        return diceAt(dice, labelled, method);
    };
    const auto& ssl = kSslMethods;
    const double best = printGapClosed(dice, upper);
    std::string belowSupervised, belowMeanTeacher;
    for (size_t labelled : counts) {
        for (const char* method : ssl) {
            const std::string name = std::string(method) + " at " + std::to_string(labelled);
            if (!(at(labelled, method) > at(labelled, "supervised")))
                belowSupervised += ", " + name;
            if (std::string(method) != "mean-teacher" &&
                !(at(labelled, method) >= at(labelled, "mean-teacher"))) {
                belowMeanTeacher += ", " + name;
            }
        }
    }
    const auto verdict = [](const std::string& failures) {
        return failures.empty() ? std::string("met") : "NOT met (" + failures.substr(2) + ")";
    };
    std::printf(
        "\nTargets (mean Dice): every SSL method above supervised-only: %s; sgrs and "
        "buarl at least mean-teacher: %s; the best method closes at least 2/3 of the gap "
        "at 4 labelled cases: %s (%.2f).\n",
        verdict(belowSupervised).c_str(), verdict(belowMeanTeacher).c_str(),
        best >= 2.0 / 3.0 ? "met" : "NOT met", best);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s HIPPOCAMPUS_DIR [quick|full] [RESULTS_FILE]\n", argv[0]);
        return 2;
    }
    const std::string folder = argv[1];
    if (!fs::is_directory(folder + "/imagesTr")) {
        std::printf("Accuracy benchmark skipped: %s/imagesTr is absent\n", folder.c_str());
        return 0;
    }
    const std::string presetName = argc > 2 ? argv[2] : "quick";
    Preset preset = presetName == "full" ? Preset{"full", 6000, 16, "auto", ""}
                                         : Preset{"quick", 400, 8, "cpu", kQuickChosenSettings};
    if (const char* iterations = std::getenv("SEGLOOP_BENCH_ITERATIONS")) {
        preset.iterations = std::atoll(iterations);  // for smoke runs of the benchmark itself
    }
    std::ofstream results(argc > 3 ? argv[3] : "/dev/null", std::ios::app);
    try {
        bench::HippocampusSplit split = bench::splitHippocampus(folder);
        const char* validation = std::getenv("SEGLOOP_BENCH_VALIDATION");
        const size_t validationCases = validation != nullptr ? size_t(std::atoll(validation)) : 0;
        if (validationCases > 0) {
            split = bench::takeValidation(split, validationCases);
        }
        const TrainingCases& pool = split.pool;
        const TrainingCases& test = split.test;
        const size_t tenPercent = (pool.size() + 5) / 10;
        std::printf(
            "Split: %s; the first N keep their labels. Preset %s: %lld "
            "iterations, U-Net base %lld, patch 32x48x32, batch 2+2, Adam 1e-3.\n\n",
            bench::describeSplit(split).c_str(), preset.name.c_str(),
            static_cast<long long>(preset.iterations), static_cast<long long>(preset.baseChannels));
        if (!preset.chosenSettings.empty()) {
            std::printf(
                "Settings of this preset, chosen on a validation split of the train pool "
                "(bench/learning/accuracy-notes.md): `%s`.\n\n",
                preset.chosenSettings.c_str());
        }
        std::printf(
            "| labelled | method | Dice ant. | Dice post. | mean Dice | Jaccard a/p | "
            "HD95 mm a/p | ASD mm a/p | minutes |\n|---|---|---|---|---|---|---|---|---|\n");
        std::fflush(stdout);
        DiceTable dice;
        std::vector<RunResult> recorded;
        auto record = [&](const RunResult& r) {
            const std::string line = row(r, pool.size());
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
            results << line << "\n" << std::flush;
            dice[{r.labelled, r.method}] = r.meanDice;
            recorded.push_back(r);
        };
        const char* only = std::getenv("SEGLOOP_BENCH_METHODS");
        const std::string selected = only != nullptr ? std::string(",") + only + "," : "";
        const char* onlyLabelled = std::getenv("SEGLOOP_BENCH_LABELLED");
        for (size_t labelled : {size_t(4), tenPercent}) {
            if (onlyLabelled != nullptr && labelled != size_t(std::atoll(onlyLabelled)))
                continue;
            for (const char* method : {"supervised", "mean-teacher", "sgrs", "buarl"}) {
                if (selected.empty() ||
                    selected.find("," + std::string(method) + ",") != std::string::npos) {
                    record(runSeeds(method, labelled, pool, test, preset));
                }
            }
        }
        if (selected.empty() || selected.find(",100%,") != std::string::npos) {
            record(runSeeds("supervised", pool.size(), pool, test, preset));
            const double upper = dice[{pool.size(), "supervised"}];
            if (selected.empty())
                printTargets(dice, {size_t(4), tenPercent}, upper);
            else
                printGapClosed(dice, upper);
        }
        printPaired(recorded, benchSeeds());
    } catch (const segloop::Error& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
