#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"

namespace segloop {

class Project;

/// A model's prediction for one volume, as the project stores it.
struct PredictionToSave {
    int64_t volumeId = 0;
    int64_t labelSetId = 0;
    int64_t modelId = 0;
    const LabelMap* labels = nullptr;     ///< required
    const Volume* uncertainty = nullptr;  ///< optional
    const LabelMap* regions = nullptr;    ///< optional: region codes 0-3
};

/// Saves a prediction the way `segloop-cli predict` and the window's Predict do: a pseudo-label
/// version (provenance pseudo, the model as its source), then beside it
/// ProjectLayout::uncertaintyDataPath and ProjectLayout::regionsDataPath when given.
/// Returns the new label version's id. Throws Error (from the repository or the writer).
int64_t savePrediction(Project& project, const PredictionToSave& prediction);

/// The region map saved beside a label version (or the pseudo-label it descends from, through
/// its parents); nullopt when there is none.
std::optional<LabelMap> loadSavedRegions(Project& project, int64_t labelVersionId);

}  // namespace segloop
