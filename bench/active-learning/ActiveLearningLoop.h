#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "learning/data/TrainingCase.h"
#include "learning/scoring/ReviewOrdering.h"
#include "learning/settings/TrainingSettings.h"

namespace segloop {
class QualityTrainer;
class SegmentationModel;
}  // namespace segloop

namespace segloop::bench {

/// The budget of one simulated human-in-the-loop run.
struct LoopPreset {
    std::string name;
    size_t poolCases = 0;        ///< The first N of the shuffled training pool take part.
    size_t testCases = 0;        ///< The first N test cases measure the model.
    size_t initialLabelled = 0;  ///< k: cases labelled before the first round.
    size_t batch = 0;            ///< B: cases corrected per round.
    int rounds = 0;              ///< Correction rounds (the model is trained rounds + 1 times).
    std::string method;          ///< Training method of the segmenter.
    /// SettingsText lines applied over the trainer's defaults (e.g. "methods.sgrs_weight = 1").
    std::string methodSettings;
    /// Per training from fresh weights (same seed every time); with roundIterations, round 0's.
    int64_t iterations = 0;
    /// 0: every round trains from fresh weights. Otherwise each round after the first continues
    /// the previous round's run for this many iterations on the corrected label set (as the
    /// app's trainer picks up a new dataset revision), under one learning-rate schedule of
    /// iterations + rounds * roundIterations.
    int64_t roundIterations = 0;
    int64_t baseChannels = 0;
    int64_t qualityIterations = 0;  ///< Quality predictor training per round ("quality").
    std::string device = "cpu";
    /// Rounds after the first train on the whole label set: the truth where a case is
    /// labelled or corrected, the previous round's pseudo-label elsewhere (self-training);
    /// otherwise on the labelled and corrected cases only (the default: a partial quick run
    /// with self-training lowered test Dice round after round, 0.72 -> 0.69 for `quality`).
    bool trainOnPseudoLabels = false;
    /// Fractions of a round's training at which the segmenter's weights are kept as partially
    /// trained checkpoints; `quality` adds their outputs on the labelled cases to its
    /// predictor's real masks (QG-SSL's weak models). Empty: the final model's outputs only.
    std::vector<double> earlySnapshots;
    double realMaskProbability = 0.2;  ///< QualitySettings::realMaskProbability for `quality`.
    uint64_t qualitySeed = 1;          ///< QualitySettings::seed for `quality`.
    int qualityEnsemble = 1;  ///< Predictors (seeds qualitySeed, +1, ...) whose mean ranks.
    int lastRound = -1;       ///< Diagnosis: stop after this round (-1: run every round).

    /// The training iteration at which `round`'s model is taken: `iterations` from fresh
    /// weights, else iterations + round * roundIterations (at `rounds`: the whole schedule).
    int64_t roundEnd(int round) const {
        return roundIterations > 0 ? iterations + int64_t(round) * roundIterations : iterations;
    }
};

/// A strategy of the simulated annotator: a review strategy as the product orders it, or, for
/// diagnosis only, `oracle` (the true Dice of each pseudo-label as its quality: the ranking a
/// perfect quality predictor would give) and `random-SEED` (random with another shuffle seed).
struct LoopStrategy {
    std::string label;  ///< As given: quality, entropy, epistemic, random, random-7, oracle
    ReviewStrategy strategy = ReviewStrategy::Random;
    bool oracle = false;
    uint64_t randomSeed = 20261122;
};
/// Throws segloop::Error naming `name` when it is none of the above.
LoopStrategy loopStrategyFromName(const std::string& name);

/// Where one strategy stands after one round's training.
struct RoundResult {
    std::string strategy;
    int round = 0;
    size_t correctedCases = 0;    ///< Cumulative, the k initial labels not counted.
    int64_t correctedVoxels = 0;  ///< Cumulative voxels the corrections changed.
    double testDice = 0;          ///< Mean foreground Dice of the model on the test cases.
    double labelSetDice = 0;      ///< Mean Dice of the pool's labels (truth or pseudo).
    /// Spearman correlation of the strategy's estimate of label goodness (predicted quality,
    /// minus the entropy) with the pseudo-labels' true Dice; NaN for random.
    double scoreSpearman = 0;
    double minutes = 0;  ///< Wall time of the round.
};

/// A simulated annotator replaying SegLoop's loop: train, predict the unlabelled pool, score,
/// take the B worst by the strategy, replace their pseudo-labels with the truth (counting the
/// voxels that changed), repeat. Cases are read once and kept (the hippocampus set is small).
class ActiveLearningLoop {
  public:
    ActiveLearningLoop(LoopPreset preset, const TrainingCases& pool, const TrainingCases& test);
    ~ActiveLearningLoop();
    ActiveLearningLoop(const ActiveLearningLoop&) = delete;
    ActiveLearningLoop& operator=(const ActiveLearningLoop&) = delete;

    /// The segmenter's settings of a run from fresh weights (round 0, or every round when not
    /// continuing): the preset's, with methodSettings and SEGLOOP_AL_SETTINGS applied.
    static TrainingSettings segmenterSettings(const LoopPreset& preset);

    /// Round 0 is shared: the same k labels give the same model, so it is trained once.
    std::vector<RoundResult> run(const LoopStrategy& strategy);

  private:
    struct LoadedCase {
        TrainingCase source;
        Volume image;
        LabelMap truth;
    };

    /// Trains `round`'s segmenter on the labelled cases and, when the preset says so, on
    /// `pseudo` (pseudo-labels of the other cases, written to the scratch folder): from fresh
    /// weights, or (LoopPreset::roundIterations, after round 0) on from `checkpoints.from`.
    /// `early` receives the partially trained snapshots (LoopPreset::earlySnapshots).
    /// `qualityModel`: the predictor checkpoint of `quality-guided` training (else empty).
    using Snapshots = std::vector<std::shared_ptr<SegmentationModel>>;
    /// By pool case: the pseudo-labels that the rounds before its correction gave it, oldest
    /// first, the newest kReplacedPseudoLabelsPerCase as in the project (real errors of models
    /// that never trained on it, whose true Dice is now known).
    using ReplacedLabels = std::map<size_t, std::vector<LabelMap>>;
    /// A continued run (LoopPreset::roundIterations): the checkpoint a round resumes and the
    /// one it leaves for the next round.
    struct RoundCheckpoints {
        std::string from;
        std::string to;
    };
    std::shared_ptr<SegmentationModel> train(const std::set<size_t>& labelled,
                                             const std::map<size_t, LabelMap>& pseudo,
                                             const std::string& qualityModel,
                                             const RoundCheckpoints& checkpoints, int round,
                                             Snapshots& early) const;
    /// A quality predictor as the project would train it: on the labelled cases (corrupted
    /// masks, and `model`'s outputs on them when given, plus `early`'s) and on the
    /// pseudo-labels the corrections replaced, every round's (real errors of unseen cases).
    std::unique_ptr<QualityTrainer> trainPredictor(const std::set<size_t>& labelled,
                                                   SegmentationModel* model, const Snapshots& early,
                                                   const ReplacedLabels& replaced,
                                                   uint64_t seed) const;
    /// With method `quality-guided`: trains the predictor for the next segmenter and saves it
    /// in the scratch folder; returns its path (empty for any other method).
    std::string predictorForTraining(const std::set<size_t>& labelled, SegmentationModel* model,
                                     const ReplacedLabels& replaced) const;
    double testDice(SegmentationModel& model) const;
    /// The strategy's candidates for the unlabelled pool cases given the model's pseudo-labels;
    /// `replaced` (the pseudo-labels corrections replaced) teach the quality predictor.
    /// `trueDice` is read by the oracle only.
    std::vector<ReviewCandidate> score(const LoopStrategy& strategy, SegmentationModel& model,
                                       const Snapshots& early, const std::set<size_t>& labelled,
                                       const std::map<size_t, LabelMap>& pseudo,
                                       const ReplacedLabels& replaced,
                                       const std::map<size_t, double>& trueDice) const;

    static constexpr int kClasses = 3;  ///< Background and the two hippocampus parts.
    LoopPreset preset_;
    std::vector<LoadedCase> pool_;
    std::vector<LoadedCase> test_;
    std::shared_ptr<SegmentationModel> roundZero_;
    Snapshots roundZeroEarly_;
    std::string scratch_;  ///< Pseudo-label files for self-training; removed with the loop.
};

}  // namespace segloop::bench
