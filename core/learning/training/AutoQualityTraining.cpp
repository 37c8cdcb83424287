#include "core/learning/training/AutoQualityTraining.h"

#include <chrono>
#include <set>

#include "core/learning/inference/SegmentationModel.h"
#include "core/learning/quality/QualityTrainer.h"

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
    outcome.qualityMetricsJson =
        "{\"automatic\":true,\"iterations\":" + std::to_string(trainer.iteration()) +
        ",\"training_seconds\":" + std::to_string(seconds) +
        ",\"training_cases\":" + std::to_string(labelled.size()) +
        ",\"real_masks\":" + std::to_string(realMasks) +
        ",\"replaced_pseudo_labels\":" + std::to_string(replaced) +
        ",\"unreadable_pseudo_labels\":" + std::to_string(unreadable.size()) +
        ",\"final_loss\":" + std::to_string(loss) + "}";
}

}  // namespace segloop
