#pragma once

#include <memory>
#include <string>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "core/jobs/Progress.h"
#include "core/learning/training/TrainingSettings.h"

namespace segloop {

/// What a model says about one volume: the label map (argmax) and, per voxel, its uncertainty
/// (normalised entropy of the class probabilities, 0 = certain, 1 = uniform), on the volume's grid.
struct Prediction {
    LabelMap labels;
    Volume uncertainty;
    double meanForegroundUncertainty = 0;  ///< mean over voxels predicted as foreground
};

/// A trained network ready to predict: weights, network config, normalisation and patch size.
///
/// Loaded from a checkpoint or taken from a Trainer. predict() runs sliding-window inference
/// (overlap 0.5, Gaussian weighting) on whole volumes. LibTorch work happens on the calling
/// thread; one call at a time.
class SegmentationModel {
public:
    virtual ~SegmentationModel() = default;
    /// Reads a checkpoint (the "best" or "latest" file of a training run).
    static std::shared_ptr<SegmentationModel> load(const std::string& checkpointPath,
                                                   const std::string& device = "auto");

    virtual Prediction predict(const Volume& volume, Progress* progress = nullptr) = 0;
    virtual const TrainingSettings& settings() const = 0;
};

}  // namespace segloop
