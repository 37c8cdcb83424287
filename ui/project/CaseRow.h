#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/VolumeRecord.h"

namespace segloop {
class Project;
}

namespace segloop::ui {

/// One line of the project browser: a volume with its label status,
/// the predicted quality of its latest label version and who reviewed it. A plain value.
struct CaseRow {
    VolumeRecord record;
    std::string name;                        ///< file stem or series description
    std::optional<double> predictedQuality;  ///< of the latest label version, 0..1
    std::string reviewer;                    ///< empty when never reviewed
};

/// Reads every volume of the project with its newest quality score and review. The scores are
/// those of the newest model that scored anything (the quality predictor). GUI thread only.
std::vector<CaseRow> readCaseRows(Project& project);

}  // namespace segloop::ui
