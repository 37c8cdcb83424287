#include "learning/scoring/ModelCaseScorer.h"

#include <algorithm>
#include <filesystem>

#include "core/Error.h"

namespace segloop {

CaseScores scoreCase(SegmentationModel& segmentation, QualityPredictor& quality,
                     const Volume& volume, const LabelMap& pseudoLabel,
                     const UncertaintySettings& settings, Progress* progress) {
    const int64_t classes = quality.settings().classes;
    const auto highest = std::max_element(pseudoLabel.labels.begin(), pseudoLabel.labels.end());
    if (highest != pseudoLabel.labels.end() && int64_t(*highest) >= classes) {
        throw Error("pseudo-label", "holds class " + std::to_string(*highest) +
                                        " but the quality predictor knows classes 1.." +
                                        std::to_string(classes - 1));
    }
    CaseScores scores;
    scores.uncertainty = segmentation.uncertainty(volume, pseudoLabel, settings, progress);
    scores.quality = quality.predict(volume, {pseudoLabel}).front();
    return scores;
}

ModelCaseScorer::ModelCaseScorer(const std::string& qualityCheckpoint, const std::string& device,
                                 const UncertaintySettings& settings)
    : quality_(QualityPredictor::load(qualityCheckpoint, device)),
      device_(device),
      settings_(settings) {}

ModelCaseScorer::~ModelCaseScorer() = default;

void ModelCaseScorer::useModel(const std::string& checkpoint,
                               std::shared_ptr<SegmentationModel> model) {
    models_[checkpoint] = std::move(model);
}

CaseScores ModelCaseScorer::score(const std::string& segmentationCheckpoint, const Volume& volume,
                                  const LabelMap& pseudoLabel, Progress* progress) {
    auto found = models_.find(segmentationCheckpoint);
    if (found == models_.end()) {
        if (!std::filesystem::is_regular_file(segmentationCheckpoint)) {
            throw Error(segmentationCheckpoint,
                        "no such segmentation checkpoint file (the model "
                        "that made the pseudo-label)");
        }
        found = models_
                    .emplace(segmentationCheckpoint,
                             SegmentationModel::load(segmentationCheckpoint, device_))
                    .first;
    }
    return scoreCase(*found->second, *quality_, volume, pseudoLabel, settings_, progress);
}

}  // namespace segloop
