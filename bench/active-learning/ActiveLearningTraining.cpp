// The training side of the simulated annotator's loop: the round's segmenter (from fresh
// weights, or continuing the previous round's run as the app's trainer picks up corrections)
// and the quality predictors the project would train.
#include <algorithm>
#include <cmath>

#include "bench/active-learning/ActiveLearningLoop.h"
#include "bench/support/SettingsList.h"
#include "core/io/NiftiWriter.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/quality/QualityPredictor.h"
#include "learning/quality/QualityTrainer.h"
#include "learning/training/Trainer.h"

namespace segloop::bench {

TrainingSettings ActiveLearningLoop::segmenterSettings(const LoopPreset& preset) {
    TrainingSettings settings;
    settings.method = preset.method;
    // One learning-rate schedule: this run's, or every round's when continuing.
    settings.iterations = preset.roundEnd(preset.rounds);
    settings.network.baseChannels = preset.baseChannels;
    settings.network.classes = kClasses;
    settings.device = preset.device;
    settings.optimizer = "adam";
    settings.learningRate = 1e-3;
    settings.validationInterval = 0;
    return withSettingsLines(settings, preset.methodSettings, "SEGLOOP_AL_SETTINGS");
}

std::shared_ptr<SegmentationModel> ActiveLearningLoop::train(
    const std::set<size_t>& labelled, const std::map<size_t, LabelMap>& pseudo,
    const std::string& qualityModel, const RoundCheckpoints& checkpoints, int round,
    Snapshots& early) const {
    TrainingCases cases;
    for (size_t n = 0; n < pool_.size(); ++n) {
        TrainingCase item = pool_[n].source;
        const auto guess = pseudo.find(n);
        if (labelled.count(n) != 0) {
            // the truth (a label from the start or a correction)
        } else if (preset_.trainOnPseudoLabels && guess != pseudo.end()) {
            item.labelPath = scratch_ + "/" + item.id + ".nii.gz";
            writeNiftiLabelMap(guess->second, item.labelPath);
        } else {
            item.labelPath.clear();  // unlabelled
        }
        cases.push_back(item);
    }
    const bool continuing = preset_.roundIterations > 0;
    std::unique_ptr<Trainer> trainer;
    if (continuing && round > 0) {
        // The previous round's run goes on with the corrected label set, as a new dataset
        // revision reaches the app's running trainer. Its settings name the quality predictor
        // file that predictorForTraining has just rewritten, so the new predictor weighs.
        trainer = Trainer::resume(checkpoints.from, cases, {});
    } else {
        TrainingSettings settings = segmenterSettings(preset_);
        if (!qualityModel.empty())
            settings.methodSettings.qualityModelPath = qualityModel;
        trainer = std::make_unique<Trainer>(settings, cases, TrainingCases{});
    }
    const int64_t begin = trainer->iteration();
    const int64_t end = preset_.roundEnd(round);
    std::set<int64_t> keep;
    for (double fraction : preset_.earlySnapshots) {
        keep.insert(begin + std::max<int64_t>(1, std::llround(fraction * double(end - begin))));
    }
    early.clear();
    while (trainer->iteration() < end) {
        trainer->step();
        if (keep.count(trainer->iteration()) != 0)
            early.push_back(trainer->currentModel());
    }
    if (continuing)
        trainer->saveCheckpoint(checkpoints.to);
    return trainer->currentModel();
}

std::unique_ptr<QualityTrainer> ActiveLearningLoop::trainPredictor(const std::set<size_t>& labelled,
                                                                   SegmentationModel* model,
                                                                   const Snapshots& early,
                                                                   const ReplacedLabels& replaced,
                                                                   uint64_t seed) const {
    // What the project has, as `train-quality` uses it in the app.
    QualitySettings settings;
    settings.classes = kClasses;
    settings.iterations = preset_.qualityIterations;
    settings.device = preset_.device;
    settings.realMaskProbability = preset_.realMaskProbability;
    settings.seed = seed;
    TrainingCases cases;
    for (size_t n : labelled)
        cases.push_back(pool_[n].source);
    auto trainer = std::make_unique<QualityTrainer>(settings, cases);
    if (model != nullptr)
        trainer->addModelPredictions(*model);
    for (const auto& snapshot : early)
        trainer->addModelPredictions(*snapshot);
    for (const auto& [n, masks] : replaced) {
        for (const LabelMap& mask : masks)
            trainer->addRealMask(pool_[n].source.id, mask);
    }
    while (trainer->iteration() < settings.iterations)
        trainer->step();
    return trainer;
}

std::string ActiveLearningLoop::predictorForTraining(const std::set<size_t>& labelled,
                                                     SegmentationModel* model,
                                                     const ReplacedLabels& replaced) const {
    if (preset_.method != "quality-guided")
        return {};
    // One file for every round: a continued run's checkpoint names it.
    const std::string path = scratch_ + "/weighting.quality";
    trainPredictor(labelled, model, {}, replaced, preset_.qualitySeed)->predictor().save(path);
    return path;
}

}  // namespace segloop::bench
