#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "core/jobs/Progress.h"
#include "learning/inference/ModelUncertainty.h"
#include "learning/settings/TrainingSettings.h"

namespace segloop {

/// What a model says about one volume: the label map (argmax) and, per voxel, its uncertainty
/// (normalised entropy of the class probabilities, 0 = certain, 1 = uniform), on the volume's grid.
/// With PredictionOptions::regions also the inference-time SGRS region map (RegionMap.h codes:
/// 0 background, 1 consistent, 2 inconsistent, 3 uncertain), a LabelMap on the same grid.
struct Prediction {
    LabelMap labels;
    Volume uncertainty;
    std::optional<LabelMap> regions;  ///< only when asked for (costs a second pass)
    /// The softmax probability of each foreground class c at [c - 1], on the volume's grid;
    /// only when asked for (PredictionOptions::probabilities; a float per voxel and class).
    std::vector<Volume> probabilities;
    double meanForegroundUncertainty = 0;  ///< mean over voxels predicted as foreground
};

/// What predict() computes besides labels and uncertainty.
struct PredictionOptions {
    /// Also predict a perturbed view (clipped Gaussian noise of methodSettings.teacherNoiseStd /
    /// teacherNoiseClip, x flip undone on the output) and partition the voxels with
    /// methodSettings.sgrsTau into Prediction::regions. Doubles the inference time.
    bool regions = false;
    /// Also return the foreground classes' probabilities (Prediction::probabilities), e.g. for
    /// a fractional DICOM SEG.
    bool probabilities = false;
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

    virtual Prediction predict(const Volume& volume, Progress* progress = nullptr,
                               const PredictionOptions& options = {}) = 0;
    /// The model's entropy and MC-dropout epistemic uncertainty on `volume`, over the region
    /// `mask` defines (ModelUncertainty.h); `mask` lies on the volume's grid. One sliding-window
    /// pass; the dropout passes rerun only the classifier head.
    virtual ModelUncertainty uncertainty(const Volume& volume, const LabelMap& mask,
                                         const UncertaintySettings& settings,
                                         Progress* progress = nullptr) = 0;
    virtual const TrainingSettings& settings() const = 0;
};

}  // namespace segloop
