#include "learning/data/PreparedCase.h"

#include <algorithm>
#include <limits>

#include "core/Error.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "core/io/NiftiReader.h"
#include "learning/data/IntensityNormaliser.h"

namespace segloop {

namespace {

/// Label and image voxels must be the same points: same size, and corners closer than half
/// the smallest voxel spacing.
void checkSameGrid(const ImageGeometry& image, const ImageGeometry& label,
                   const std::string& imagePath, const std::string& labelPath) {
    if (image.size != label.size) {
        throw Error(labelPath, "label grid " + label.describe() + " does not match image grid " +
                                   image.describe() + " of " + imagePath);
    }
    const double toleranceMm =
        0.5 * std::min({image.spacingMm[0], image.spacingMm[1], image.spacingMm[2]});
    const double distanceMm = image.maxCornerDistanceMm(label);
    if (!(distanceMm < toleranceMm)) {
        throw Error(labelPath, "label grid is placed " + std::to_string(distanceMm) +
                                   " mm away from the grid of " + imagePath +
                                   " (same size, different origin or direction)");
    }
}

}  // namespace

size_t PreparedCase::bytes() const {
    return sizeof(PreparedCase) + image.size() * sizeof(float) + labels.size() * sizeof(uint8_t) +
           foregroundIndices.size() * sizeof(uint32_t) + id.size() + imagePath.size() +
           labelPath.size();
}

PreparedCase prepareCase(const TrainingCase& trainingCase, const NormalisationSettings& settings) {
    const IntensityNormaliser normaliser(settings);
    Volume volume = readNiftiVolume(trainingCase.imagePath);
    if (volume.geometry.voxelCount() >= std::numeric_limits<uint32_t>::max()) {
        throw Error(trainingCase.imagePath,
                    "too many voxels for the patch sampler (" + volume.geometry.describe() + ")");
    }
    if (volume.voxels.empty()) {
        throw Error(trainingCase.imagePath, "the image has no voxels");
    }

    PreparedCase prepared;
    prepared.id = trainingCase.id;
    prepared.imagePath = trainingCase.imagePath;
    prepared.labelPath = trainingCase.labelPath;
    prepared.geometry = volume.geometry;

    if (trainingCase.labelled()) {
        const LabelMap labelMap = readNiftiLabelMap(trainingCase.labelPath);
        checkSameGrid(volume.geometry, labelMap.geometry, trainingCase.imagePath,
                      trainingCase.labelPath);
        prepared.labels.resize(labelMap.labels.size());
        size_t foregroundCount = 0;
        for (size_t i = 0; i < labelMap.labels.size(); ++i) {
            const uint16_t label = labelMap.labels[i];
            if (label > std::numeric_limits<uint8_t>::max()) {
                throw Error(trainingCase.labelPath,
                            "class " + std::to_string(label) +
                                " does not fit 8 bits (the patch sampler takes classes 0..255)");
            }
            prepared.labels[i] = static_cast<uint8_t>(label);
            foregroundCount += label > 0 ? 1 : 0;
        }
        prepared.foregroundIndices.reserve(foregroundCount);
        for (size_t i = 0; i < prepared.labels.size(); ++i) {
            if (prepared.labels[i] > 0) {
                prepared.foregroundIndices.push_back(static_cast<uint32_t>(i));
            }
        }
    }

    normaliser.apply(volume);
    prepared.image = std::move(volume.voxels);
    prepared.backgroundValue = *std::min_element(prepared.image.begin(), prepared.image.end());
    return prepared;
}

}  // namespace segloop
