#pragma once

#include <map>
#include <memory>
#include <string>

#include "learning/inference/SegmentationModel.h"
#include "learning/quality/QualityPredictor.h"
#include "learning/scoring/CaseScorer.h"

namespace segloop {

/// The scoring function: the quality predictor's verdict on `pseudoLabel` and the segmentation
/// model's uncertainty over the label's region (SegmentationModel::uncertainty). Throws
/// segloop::Error when the label holds a class the quality predictor does not know.
CaseScores scoreCase(SegmentationModel& segmentation, QualityPredictor& quality,
                     const Volume& volume, const LabelMap& pseudoLabel,
                     const UncertaintySettings& settings, Progress* progress = nullptr);

/// CaseScorer over a loaded quality predictor and the segmentation checkpoints it is asked
/// about (each loaded once, then kept). LibTorch work on the calling thread; not thread-safe.
class ModelCaseScorer final : public CaseScorer {
  public:
    /// Loads the quality predictor's checkpoint (Error naming the file when it is missing or
    /// not one) onto `device` ("auto", "cpu", "cuda").
    ModelCaseScorer(const std::string& qualityCheckpoint, const std::string& device,
                    const UncertaintySettings& settings);
    ~ModelCaseScorer() override;

    /// Uses `model` for `checkpoint` instead of loading it again (e.g. the model that just
    /// predicted).
    void useModel(const std::string& checkpoint, std::shared_ptr<SegmentationModel> model);

    CaseScores score(const std::string& segmentationCheckpoint, const Volume& volume,
                     const LabelMap& pseudoLabel, Progress* progress) override;

    const UncertaintySettings& settings() const { return settings_; }

  private:
    std::unique_ptr<QualityPredictor> quality_;
    std::string device_;
    UncertaintySettings settings_;
    std::map<std::string, std::shared_ptr<SegmentationModel>> models_;
};

}  // namespace segloop
