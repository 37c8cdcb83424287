#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "learning/data/CaseMaskFile.h"
#include "learning/data/TrainingCase.h"

namespace segloop {

class Project;

/// The project's images as a trainer sees them at one dataset revision.
struct ProjectDataset {
    int64_t revision = 0;
    /// Every volume, oldest first; id = the volume id as text. A case is labelled when the
    /// volume has a label of record saved at or before `revision` (accepted versions count
    /// only when asked: readProjectDataset's `acceptedLabelsTrain`).
    TrainingCases cases;
    std::map<std::string, std::string> caseNames;  ///< case id -> series description / file stem
};

/// Reads the project's current dataset revision and the files of its cases. Pseudo-labels are
/// never training labels here: only labels of record count (accepted pseudo-labels when
/// `acceptedLabelsTrain`, the training setting, on by default).
ProjectDataset readProjectDataset(Project& project, bool acceptedLabelsTrain = true);

/// The volume id of a case made by readProjectDataset().
int64_t volumeIdOfCase(const TrainingCase& trainingCase);

/// The pseudo-labels of the volumes that now have a label of record: what models made
/// of those images (mostly before training on them) with their true Dice now known, real
/// errors for the quality predictor to learn from. The newest `perCase` pseudo-label versions
/// of each labelled case among `cases` (readProjectDataset() cases), oldest first. One query.
CaseMaskFiles replacedPseudoLabels(Project& project, const TrainingCases& cases,
                                   size_t perCase = kReplacedPseudoLabelsPerCase);

}  // namespace segloop
