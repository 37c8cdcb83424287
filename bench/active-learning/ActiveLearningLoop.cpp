#include "bench/active-learning/ActiveLearningLoop.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/quality/MaskQuality.h"
#include "core/quality/QualityStatistics.h"
#include "learning/data/CaseMaskFile.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/quality/QualityPredictor.h"
#include "learning/quality/QualityTrainer.h"

namespace segloop::bench {
namespace {

int64_t changedVoxels(const LabelMap& a, const LabelMap& b) {
    int64_t count = 0;
    for (size_t n = 0; n < a.labels.size(); ++n) {
        count += a.labels[n] != b.labels[n] ? 1 : 0;
    }
    return count;
}

double minutesSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
}

/// Where a round's time goes, for the stderr line (the 30-minute bound of the quick preset).
struct PhaseMinutes {
    double segmenter = 0;  ///< training the round's segmenter
    double weighting = 0;  ///< training the predictor that weighs quality-guided training
    double predict = 0;    ///< test Dice and the pool's pseudo-labels
    double score = 0;      ///< the strategy's scores, its ranking predictors included
};

}  // namespace

LoopStrategy loopStrategyFromName(const std::string& name) {
    LoopStrategy choice;
    choice.label = name;
    if (name == "oracle") {
        choice.strategy = ReviewStrategy::Quality;
        choice.oracle = true;
    } else if (name.rfind("random-", 0) == 0) {
        const std::string digits = name.substr(7);
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
            throw Error("active-learning benchmark",
                        "strategy '" + name + "': random-SEED takes a number as its seed");
        }
        choice.randomSeed = std::stoull(digits);
    } else {
        choice.strategy = reviewStrategyFromName(name);
    }
    return choice;
}

ActiveLearningLoop::ActiveLearningLoop(LoopPreset preset, const TrainingCases& pool,
                                       const TrainingCases& test)
    : preset_(std::move(preset)) {
    if (pool.size() < preset_.poolCases || test.size() < preset_.testCases ||
        preset_.initialLabelled + preset_.batch * size_t(preset_.rounds) > preset_.poolCases) {
        throw Error("active-learning benchmark", "the split has too few cases for the preset");
    }
    auto load = [](const TrainingCase& source) {
        return LoadedCase{source, readNiftiVolume(source.imagePath),
                          readNiftiLabelMap(source.labelPath)};
    };
    for (size_t n = 0; n < preset_.poolCases; ++n)
        pool_.push_back(load(pool[n]));
    for (size_t n = 0; n < preset_.testCases; ++n)
        test_.push_back(load(test[n]));
    const auto name = "segloop-active-learning-" + std::to_string(std::random_device{}());
    scratch_ = (std::filesystem::temp_directory_path() / name).string();
    std::filesystem::create_directories(scratch_);
}

ActiveLearningLoop::~ActiveLearningLoop() {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_, ignored);
}

double ActiveLearningLoop::testDice(SegmentationModel& model) const {
    double sum = 0;
    for (const LoadedCase& item : test_) {
        sum += computeMaskQuality(model.predict(item.image).labels, item.truth, kClasses).overall;
    }
    return sum / double(test_.size());
}

std::vector<ReviewCandidate> ActiveLearningLoop::score(
    const LoopStrategy& choice, SegmentationModel& model, const Snapshots& early,
    const std::set<size_t>& labelled, const std::map<size_t, LabelMap>& pseudo,
    const ReplacedLabels& replaced, const std::map<size_t, double>& trueDice) const {
    const ReviewStrategy strategy = choice.strategy;
    std::vector<std::unique_ptr<QualityTrainer>> quality;  // an ensemble of seeds when asked
    if (strategy == ReviewStrategy::Quality && !choice.oracle) {
        for (int member = 0; member < std::max(1, preset_.qualityEnsemble); ++member) {
            quality.push_back(trainPredictor(labelled, &model, early, replaced,
                                             preset_.qualitySeed + uint64_t(member)));
        }
    }
    UncertaintySettings uncertainty;
    uncertainty.mcPasses = strategy == ReviewStrategy::Epistemic ? 10 : 0;
    std::vector<ReviewCandidate> candidates;
    for (const auto& [n, labels] : pseudo) {
        ReviewCandidate candidate;
        candidate.volumeId = int64_t(n);
        candidate.labelVersionId = int64_t(n);
        if (choice.oracle) {
            candidate.predictedQuality = trueDice.at(n);
        } else if (!quality.empty()) {
            double sum = 0;
            for (const auto& trainer : quality)
                sum += trainer->predictor().predict(pool_[n].image, {labels}).front().overall;
            candidate.predictedQuality = sum / double(quality.size());
        } else if (strategy != ReviewStrategy::Random) {
            const ModelUncertainty u = model.uncertainty(pool_[n].image, labels, uncertainty);
            candidate.entropy = u.meanEntropyNats;
            candidate.epistemic = u.epistemicNats;
        }
        candidates.push_back(candidate);
    }
    return candidates;
}

std::vector<RoundResult> ActiveLearningLoop::run(const LoopStrategy& choice) {
    const ReviewStrategy strategy = choice.strategy;
    std::set<size_t> labelled;
    for (size_t n = 0; n < preset_.initialLabelled; ++n)
        labelled.insert(n);
    std::map<size_t, LabelMap> pseudo;  // the previous round's pseudo-labels
    ReplacedLabels history;             // every round's pseudo-label of each uncorrected case
    ReplacedLabels replaced;            // what the corrections replaced
    std::vector<RoundResult> results;
    int64_t correctedVoxels = 0;
    std::shared_ptr<SegmentationModel> previous;  // the last round's model
    // Continued runs (LoopPreset::roundIterations) go on from these.
    const std::string roundZeroCheckpoint = scratch_ + "/round-0.checkpoint";
    const std::string checkpoint = scratch_ + "/" + choice.label + ".checkpoint";
    for (int round = 0; round <= preset_.rounds; ++round) {
        const auto start = std::chrono::steady_clock::now();
        PhaseMinutes phases;
        auto phaseStart = start;
        auto endPhase = [&phaseStart](double& minutes) {
            minutes += minutesSince(phaseStart);
            phaseStart = std::chrono::steady_clock::now();
        };
        if (round == 0 && !roundZero_) {
            const std::string quality = predictorForTraining(labelled, nullptr, {});
            endPhase(phases.weighting);
            roundZero_ =
                train(labelled, {}, quality, {"", roundZeroCheckpoint}, 0, roundZeroEarly_);
            endPhase(phases.segmenter);
        }
        Snapshots early;
        std::shared_ptr<SegmentationModel> model = roundZero_;
        if (round > 0) {
            // quality-guided: a predictor that has seen this round's corrections and the
            // previous model's outputs weighs the pseudo-labels of the next segmenter.
            const std::string quality = predictorForTraining(labelled, previous.get(), replaced);
            endPhase(phases.weighting);
            const std::string from = round == 1 ? roundZeroCheckpoint : checkpoint;
            model = train(labelled, pseudo, quality, {from, checkpoint}, round, early);
            endPhase(phases.segmenter);
        }
        if (round == 0)
            early = roundZeroEarly_;
        previous = model;
        RoundResult state;
        state.strategy = choice.label;
        state.round = round;
        state.correctedCases = labelled.size() - preset_.initialLabelled;
        state.correctedVoxels = correctedVoxels;
        state.testDice = testDice(*model);
        pseudo.clear();
        std::map<size_t, double> trueDice;
        double labelSum = double(labelled.size());
        for (size_t n = 0; n < pool_.size(); ++n) {
            if (labelled.count(n) != 0)
                continue;
            pseudo[n] = model->predict(pool_[n].image).labels;
            history[n].push_back(pseudo[n]);
            trueDice[n] = computeMaskQuality(pseudo[n], pool_[n].truth, kClasses).overall;
            labelSum += trueDice[n];
        }
        state.labelSetDice = labelSum / double(pool_.size());
        endPhase(phases.predict);
        state.scoreSpearman = std::numeric_limits<double>::quiet_NaN();
        if (round < preset_.rounds) {
            std::vector<ReviewCandidate> candidates =
                score(choice, *model, early, labelled, pseudo, replaced, trueDice);
            if (strategy != ReviewStrategy::Random) {
                std::vector<double> goodness, truth;
                for (const ReviewCandidate& c : candidates) {
                    const double value = *strategyScore(c, strategy);
                    goodness.push_back(strategy == ReviewStrategy::Quality ? value : -value);
                    truth.push_back(trueDice[size_t(c.volumeId)]);
                }
                state.scoreSpearman = agreementStatistics(goodness, truth).spearman;
                if (const char* path = std::getenv("SEGLOOP_AL_SCORES_CSV")) {
                    std::ofstream scores(path, std::ios::app);
                    for (size_t i = 0; i < candidates.size(); ++i) {
                        scores << choice.label << ',' << round << ','
                               << pool_[size_t(candidates[i].volumeId)].source.id << ','
                               << goodness[i] << ',' << truth[i] << '\n';
                    }
                }
            }
            endPhase(phases.score);
            candidates = orderForReview(std::move(candidates), strategy, choice.randomSeed);
            for (size_t taken = 0; taken < preset_.batch; ++taken) {
                const size_t n = size_t(candidates[taken].volumeId);
                correctedVoxels += changedVoxels(pseudo[n], pool_[n].truth);
                labelled.insert(n);  // the correction: the truth replaces the pseudo-label
                // This round's pseudo-label and the earlier ones, the newest few as the
                // project hands them to its predictor (replacedPseudoLabels).
                std::vector<LabelMap>& versions = history[n];
                const size_t keep = std::min(versions.size(), kReplacedPseudoLabelsPerCase);
                replaced[n].assign(std::make_move_iterator(versions.end() - long(keep)),
                                   std::make_move_iterator(versions.end()));
                history.erase(n);
                pseudo.erase(n);
            }
        }
        state.minutes = minutesSince(start);
        results.push_back(state);
        std::fprintf(stderr,
                     "  %s round %d: %zu corrected, test Dice %.4f, label set Dice %.4f, "
                     "score Spearman %.3f (%.1f min: segmenter %.2f, weighting predictor %.2f, "
                     "predictions %.2f, scoring %.2f)\n",
                     state.strategy.c_str(), round, state.correctedCases, state.testDice,
                     state.labelSetDice, state.scoreSpearman, state.minutes, phases.segmenter,
                     phases.weighting, phases.predict, phases.score);
        if (round == preset_.lastRound)
            break;
    }
    return results;
}

}  // namespace segloop::bench
