#include "learning/training/AutoQualityTraining.h"

#include <chrono>
#include <set>

#include "learning/inference/SegmentationModel.h"
#include "learning/quality/QualityTrainer.h"

namespace segloop {

QualitySettings autoQualitySettings(const AutoQualitySettings& quality,
                                    const TrainingSettings& training) {
    QualitySettings settings;
    settings.classes = training.network.classes;
    settings.normalisation = training.normalisation;
    settings.device = training.device;
    settings.threads = training.threads;
    settings.seed = training.seed;
    settings.iterations = quality.iterations;
    settings.batchSize = quality.batchSize;
    settings.baseChannels = quality.baseChannels;
    return settings;
}

void trainQualityAfterRun(const AutoQualitySettings& quality, const TrainingSettings& training,
                          const TrainingCases& train, const TrainingCases& validation,
                          const std::string& outputFolder,
                          const std::function<bool(const QualityTrainingProgress&)>& onStep,
                          TrainingOutcome& outcome) {
    TrainingCases labelled;
    std::set<std::string> seen;
    for (const TrainingCases* cases : {&train, &validation}) {
        for (const TrainingCase& c : *cases) {
            if (c.labelled() && seen.insert(c.id).second) {
                labelled.push_back(c);
            }
        }
    }
    if (labelled.size() < quality.minimumLabelledCases) {
        outcome.qualityNote = "no quality predictor: " + std::to_string(labelled.size()) +
                              " labelled volumes, at least " +
                              std::to_string(quality.minimumLabelledCases) + " needed";
        return;
    }
    const QualitySettings settings = autoQualitySettings(quality, training);
    const auto started = std::chrono::steady_clock::now();
    QualityTrainer trainer(settings, labelled);
    size_t realMasks = 0;
    if (!outcome.modelCheckpoint().empty()) {
        const auto model = SegmentationModel::load(outcome.modelCheckpoint(), training.device);
        realMasks = trainer.addModelPredictions(*model);
    }
    std::vector<std::string> unreadable;
    const size_t replaced = trainer.addRealMaskFiles(quality.replacedPseudoLabels, &unreadable);
    double loss = 0;
    while (trainer.iteration() < settings.iterations) {
        const QualityStepReport step = trainer.step();
        loss = step.loss;
        QualityTrainingProgress progress;
        progress.iteration = step.iteration;
        progress.iterations = settings.iterations;
        progress.loss = step.loss;
        progress.secondsPerStep = step.secondsPerStep;
        if (!onStep(progress)) {
            outcome.qualityNote = "no quality predictor: stopped after " +
                                  std::to_string(step.iteration) + " of its iterations";
            return;
        }
    }
    const std::string path = outputFolder + "/quality.pt";
    trainer.predictor().save(path);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    outcome.qualityCheckpoint = path;
    AutoQualityMetrics& metrics = outcome.qualityMetrics;
    metrics.iterations = trainer.iteration();
    metrics.trainingSeconds = seconds;
    metrics.trainingCases = int64_t(labelled.size());
    metrics.realMasks = int64_t(realMasks);
    metrics.replacedPseudoLabels = int64_t(replaced);
    metrics.unreadablePseudoLabels = int64_t(unreadable.size());
    metrics.finalLoss = loss;
}

}  // namespace segloop
