#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"
#include "learning/data/NormalisationSettings.h"
#include "learning/data/TrainingCase.h"

namespace segloop {

/// One case ready for patch sampling: the normalised image, its labels as uint8 (empty when the
/// case is unlabelled), the grid, and the linear indices of its foreground voxels (class > 0).
///
/// Voxels x fastest, then y, then z. Built once by prepareCase() and then never changed: shared
/// read-only (std::shared_ptr<const PreparedCase>) between the cache and any thread.
struct PreparedCase {
    std::string id;
    std::string imagePath;
    std::string labelPath;
    ImageGeometry geometry;
    std::vector<float> image;                 ///< Normalised intensities.
    std::vector<uint8_t> labels;              ///< Class per voxel; empty for unlabelled cases.
    std::vector<uint32_t> foregroundIndices;  ///< Linear indices of voxels with class > 0.
    float backgroundValue = 0.0f;             ///< Smallest normalised intensity; pads patches.

    bool labelled() const { return !labels.empty(); }
    /// Memory the case holds (voxel buffers and indices), as the cache counts it.
    size_t bytes() const;
};

/// Reads a case from disk (readNiftiVolume / readNiftiLabelMap), normalises its image and converts
/// its labels. Throws segloop::Error naming the file when a file cannot be read, when the label
/// grid differs from the image grid (size, or placement by half a voxel or more), when a class
/// exceeds 255, or when the volume has 2^32 voxels or more. Thread-safe: each call is independent.
PreparedCase prepareCase(const TrainingCase& trainingCase, const NormalisationSettings& settings);

}  // namespace segloop
