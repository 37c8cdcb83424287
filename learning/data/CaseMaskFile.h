#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace segloop {

/// A mask of a case saved apart from the case's label, e.g. a pseudo-label that the case's
/// human or corrected label replaced: a real error whose Dice against the label is known.
struct CaseMaskFile {
    std::string caseId;  ///< TrainingCase::id of the case it belongs to.
    std::string path;    ///< NIfTI label map on the case's grid.
};

using CaseMaskFiles = std::vector<CaseMaskFile>;

/// How many replaced pseudo-labels of one case (the newest) the quality predictor learns from:
/// its masks stay in memory in proportion to the labelled cases.
constexpr size_t kReplacedPseudoLabelsPerCase = 3;

}  // namespace segloop
