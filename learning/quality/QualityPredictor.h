#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "core/quality/MaskQuality.h"
#include "learning/data/PreparedCase.h"
#include "learning/quality/QualitySettings.h"

namespace segloop {

/// A quality-predictor network ready to use: predicts, for an image and a mask of it, the mask's
/// Dice against the (unknown) truth, per foreground class and overall.
///
/// Torch-free interface (LibTorch stays in the .cpp files). LibTorch work happens on the calling
/// thread; one call at a time. Made by QualityTrainer or read from a checkpoint file.
class QualityPredictor {
  public:
    struct Impl;

    /// A network with fresh weights (seeded by settings.seed) on settings.device.
    explicit QualityPredictor(const QualitySettings& settings);
    ~QualityPredictor();
    QualityPredictor(const QualityPredictor&) = delete;
    QualityPredictor& operator=(const QualityPredictor&) = delete;

    /// Reads a checkpoint written by save(); throws segloop::Error naming the file when it is
    /// not one. `device` overrides the stored setting ("" keeps it).
    static std::unique_ptr<QualityPredictor> load(const std::string& path,
                                                  const std::string& device = "");
    /// Writes weights and settings atomically (temporary file, then rename).
    void save(const std::string& path) const;

    /// Predicted quality of each mask of one prepared case (its normalised image and grid), in
    /// batches of settings().batchSize, network in eval mode.
    std::vector<MaskQuality> predict(const PreparedCase& image, const std::vector<LabelMap>& masks);
    /// The same for a raw volume: normalises it as training did first.
    std::vector<MaskQuality> predict(const Volume& volume, const std::vector<LabelMap>& masks);

    const QualitySettings& settings() const;
    Impl& impl() { return *impl_; }

  private:
    explicit QualityPredictor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace segloop
