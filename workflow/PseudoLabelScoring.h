#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "learning/scoring/CaseScorer.h"
#include "storage/QualityScoreRepository.h"

namespace segloop {

class Project;

/// What scorePseudoLabels() is asked to do.
struct ScoringRequest {
    int64_t qualityModelId = 0;  ///< The quality predictor's model version (CaseScorer's).
    /// Score again what already has a score of the same quality and segmentation models.
    bool rescore = false;
    /// Only these label versions (those of them that are current pseudo-labels); empty: all.
    std::vector<int64_t> onlyLabelVersions;
};

/// What a scoring job did.
struct ScoringReport {
    size_t scored = 0;
    size_t skipped = 0;  ///< Already scored with the same models.
};

/// The project-level scoring job: scores every current pseudo-label of the project
/// (LabelVersionRepository::currentPseudoLabels) with `scorer`, the segmentation model being
/// the one that made the pseudo-label, and records each score (QualityScoreRepository) with
/// both model versions as soon as it is made. A label version that already has a score of the
/// same quality predictor and segmentation model is skipped unless request.rescore.
///
/// Reports "Scoring" progress per case; when `progress` cancels, it throws Cancelled with every
/// score made so far kept. Throws segloop::Error naming a missing model or file. Same thread as
/// the project.
ScoringReport scorePseudoLabels(Project& project, CaseScorer& scorer, const ScoringRequest& request,
                                Progress* progress = nullptr);

/// The record of one case's scores: per-class JSON ({"1": Dice of class 1, ...}), scoring JSON
/// (MC passes and rate, region margin and size), quality clamped to 0..1.
QualityScoreRecord makeScoreRecord(int64_t labelVersionId, int64_t qualityModelId,
                                   int64_t segmentationModelId, const CaseScores& scores);

}  // namespace segloop
