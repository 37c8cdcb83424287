#pragma once

#include <string>
#include <vector>

namespace segloop {

/// One case a trainer may use: its image file and, when it is labelled, its label map file
/// (both NIfTI). The project (storage) or a folder listing produces these; the learning
/// engine never talks to the database. A plain value.
struct TrainingCase {
    std::string id;  ///< Stable name for logs and results ("hippocampus_004", "volume 12").
    std::string imagePath;
    std::string labelPath;  ///< Empty when the case is unlabelled.

    bool labelled() const { return !labelPath.empty(); }
};

using TrainingCases = std::vector<TrainingCase>;

}  // namespace segloop
